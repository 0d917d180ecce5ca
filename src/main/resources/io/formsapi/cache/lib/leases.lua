-- Lease functions, prepended to the scripts that use them.

-- Takes the lease of an entry (lease) for ttl ms with the value token if nobody holds it, and returns
-- {1 if taken else 0, the entry as stored now, the lease's value}: a load another instance has just finished is
-- noticed in the same round trip, and a waiter learns which versions the holder is loading. The lease key
-- carries the entry key as its hash tag, so both share a cluster slot.
local function acquire_lease(lease, entry, ttl, token)
  local taken = redis.call('SET', lease, token, 'NX', 'PX', ttl)
  return {taken and 1 or 0, redis.call('GET', entry), redis.call('GET', lease)}
end

-- Deletes the lease only if it is still held with token: a holder that overran its TTL cannot release a
-- successor's.
local function release_lease(lease, token)
  if redis.call('GET', lease) == token then
    return redis.call('DEL', lease)
  end
  return 0
end
