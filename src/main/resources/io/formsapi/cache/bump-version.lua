-- Invalidates: increments the version if it exists, keeping its TTL. A missing version needs no bump: no entry
-- can match it, and it is set afresh to a random value before anything is stored with it again.
-- Either way the change is published on ARGV[1] for the instances' near caches; a missing version is announced
-- as "-", since a near cache may still hold entries recorded under the value that expired or was evicted.
local key = KEYS[1]
if redis.call('EXISTS', key) == 1 then
  local version = redis.call('INCR', key)
  -- GET gives the exact digits: a Lua number would round versions above 2^53.
  redis.call('PUBLISH', ARGV[1], 'v ' .. key .. ' ' .. redis.call('GET', key))
  return version
end
redis.call('PUBLISH', ARGV[1], 'v ' .. key .. ' -')
return 0
