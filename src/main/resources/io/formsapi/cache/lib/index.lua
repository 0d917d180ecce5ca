-- The type's index and size ledger, prepended to the scripts that use them (after versions.lua, for extend_ttl).

-- Records an entry in its type's index (index, a sorted set scored by expiry time) and its stored size in the
-- type's size ledger (sizes, a hash with the running total under '#total'). Both share a hash tag, so this runs
-- on Redis Cluster. a holds the rest: 1 entry key, 2 its expiry (ms), 3 now (ms), 4 trim above this many entries,
-- 5 trim down to this many, 6 the entry's size in bytes, 7 trim above this many bytes, 8 trim down to this many
-- bytes, 9 the entry's TTL (ms). Once over a limit, forgets entries expired by now, then evicts the
-- soonest-expiring ones until both limits hold, returning their keys for the caller to UNLINK.
local function track_entry(index, sizes, a)
  local member = a[1]
  local size = tonumber(a[6])

  local function forget(key)
    local stored = redis.call('HGET', sizes, key)
    if stored then
      redis.call('HDEL', sizes, key)
      redis.call('HINCRBY', sizes, '#total', -tonumber(stored))
    end
  end

  forget(member)
  redis.call('ZADD', index, a[2], member)
  redis.call('HSET', sizes, member, size)
  local total = redis.call('HINCRBY', sizes, '#total', size)
  extend_ttl(index, a[9])
  extend_ttl(sizes, a[9])

  if redis.call('ZCARD', index) <= tonumber(a[4]) and total <= tonumber(a[7]) then
    return {}
  end
  for _, key in ipairs(redis.call('ZRANGEBYSCORE', index, '-inf', a[3], 'LIMIT', 0, 1000)) do
    redis.call('ZREM', index, key)
    forget(key)
  end
  local evicted = {}
  local maxEntries, maxBytes = tonumber(a[5]), tonumber(a[8])
  total = tonumber(redis.call('HGET', sizes, '#total') or '0')
  while redis.call('ZCARD', index) > maxEntries or (total > maxBytes and redis.call('ZCARD', index) > 0) do
    local key = redis.call('ZPOPMIN', index)[1]
    local stored = redis.call('HGET', sizes, key)
    forget(key)
    total = total - tonumber(stored or '0')
    evicted[#evicted + 1] = key
  end
  return evicted
end
