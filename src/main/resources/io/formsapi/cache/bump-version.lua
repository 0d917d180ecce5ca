-- Invalidates: increments the version if it exists, keeping its TTL. A missing version needs no bump: no entry
-- can match it, and it is set afresh to a random value before anything is stored with it again.
local key = KEYS[1]
if redis.call('EXISTS', key) == 1 then
  return redis.call('INCR', key)
end
return 0
