-- Records an entry in its type's index (KEYS[1], a sorted set scored by expiry time) and its stored size in the
-- type's size ledger (KEYS[2], a hash with the running total under '#total'). Both share a hash tag, so this
-- runs on Redis Cluster.
-- ARGV: 1 entry key, 2 its expiry (ms), 3 now (ms), 4 trim above this many entries, 5 trim down to this many,
-- 6 the entry's size in bytes, 7 trim above this many bytes, 8 trim down to this many bytes, 9 the entry's TTL (ms).
-- Once over a limit, forgets entries expired by now, then evicts the soonest-expiring ones until both limits
-- hold, returning their keys for the caller to UNLINK.
local index, sizes = KEYS[1], KEYS[2]
local member = ARGV[1]
local size = tonumber(ARGV[6])
local ttl = tonumber(ARGV[9])

local function forget(key)
  local stored = redis.call('HGET', sizes, key)
  if stored then
    redis.call('HDEL', sizes, key)
    redis.call('HINCRBY', sizes, '#total', -tonumber(stored))
  end
end

forget(member)
redis.call('ZADD', index, ARGV[2], member)
redis.call('HSET', sizes, member, size)
local total = redis.call('HINCRBY', sizes, '#total', size)
for _, key in ipairs({index, sizes}) do
  local current = redis.call('PTTL', key)
  if current == -1 or (current >= 0 and current < ttl) then
    redis.call('PEXPIRE', key, ttl)
  end
end

if redis.call('ZCARD', index) <= tonumber(ARGV[4]) and total <= tonumber(ARGV[7]) then
  return {}
end
for _, key in ipairs(redis.call('ZRANGEBYSCORE', index, '-inf', ARGV[3], 'LIMIT', 0, 1000)) do
  redis.call('ZREM', index, key)
  forget(key)
end
local evicted = {}
local maxEntries, maxBytes = tonumber(ARGV[5]), tonumber(ARGV[8])
total = tonumber(redis.call('HGET', sizes, '#total') or '0')
while redis.call('ZCARD', index) > maxEntries or (total > maxBytes and redis.call('ZCARD', index) > 0) do
  local key = redis.call('ZPOPMIN', index)[1]
  local stored = redis.call('HGET', sizes, key)
  forget(key)
  total = total - tonumber(stored or '0')
  evicted[#evicted + 1] = key
end
return evicted
