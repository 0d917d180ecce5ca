-- Takes the lease of an entry (KEYS[1]) for ARGV[1] ms with the value ARGV[2] if nobody holds it, and returns
-- {1 if taken else 0, the entry (KEYS[2]) as stored now, the lease's value}: a load another instance has just
-- finished is noticed in the same round trip, and a waiter learns which versions the holder is loading. The lease
-- key carries the entry key as its hash tag, so both share a cluster slot.
local taken = redis.call('SET', KEYS[1], ARGV[2], 'NX', 'PX', ARGV[1])
return {taken and 1 or 0, redis.call('GET', KEYS[2]), redis.call('GET', KEYS[1])}
