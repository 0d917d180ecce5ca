-- Deletes the lease only if it is still ours: a holder that overran its TTL cannot release a successor's.
local key = KEYS[1]
if redis.call('GET', key) == ARGV[1] then
  return redis.call('DEL', key)
end
return 0
