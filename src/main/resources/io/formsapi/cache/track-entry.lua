-- Records an entry (ARGV[1]) in its type's index with its expiry time (ARGV[2]) as score. Once the index holds
-- more than ARGV[4] members, forgets those expired by now (ARGV[3]) and pops the soonest-expiring ones down to
-- ARGV[5], returning their keys for the caller to UNLINK.
local index = KEYS[1]
redis.call('ZADD', index, ARGV[2], ARGV[1])
if redis.call('ZCARD', index) <= tonumber(ARGV[4]) then
  return {}
end
redis.call('ZREMRANGEBYSCORE', index, '-inf', ARGV[3])
local excess = redis.call('ZCARD', index) - tonumber(ARGV[5])
if excess <= 0 then
  return {}
end
local popped = redis.call('ZPOPMIN', index, excess)
local evicted = {}
for i = 1, #popped, 2 do
  evicted[#evicted + 1] = popped[i]
end
return evicted
