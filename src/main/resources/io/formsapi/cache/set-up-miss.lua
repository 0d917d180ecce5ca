-- What a miss needs before it loads, in one call where every key may be reached from one script (not on Redis
-- Cluster, whose keys live in different slots): the missing versions set up (init_version), then the entry's
-- lease taken and the entry read again (acquire_lease).
-- KEYS: the n missing versions, the lease, the entry. ARGV: their n initial values, the versions' TTL (ms), the
-- lease's TTL (ms), the lease's value.
-- Returns the n versions now stored followed by acquire_lease's three replies.
local n = #KEYS - 2
local replies = {}
for i = 1, n do
  replies[i] = init_version(KEYS[i], ARGV[i], ARGV[n + 1])
end
local lease = acquire_lease(KEYS[n + 1], KEYS[n + 2], ARGV[n + 2], ARGV[n + 3])
for i = 1, 3 do
  replies[n + i] = lease[i]
end
return replies
