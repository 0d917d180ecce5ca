-- Stores one loaded entry in one call where every key may be reached from one script (not on Redis Cluster,
-- whose keys live in different slots): the versions it was loaded under kept alive at least as long as it
-- (extend_ttl), the entry SET with its TTL, tracked in its type's index and size ledger (track_entry), and its
-- lease given back (release_lease) if one guarded the load.
-- KEYS: the entry, the index, the ledger, the lease (or the entry again when there is none), then the versions.
-- ARGV: 1 the entry's bytes, 2 the lease's value ('' when there is none), 3..11 track_entry's a (ARGV[11] is the
-- entry's TTL in ms). Returns the keys evicted.
local ttl = ARGV[11]
for i = 5, #KEYS do
  extend_ttl(KEYS[i], ttl)
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl)
local evicted = track_entry(KEYS[2], KEYS[3], {unpack(ARGV, 3, 11)})
if ARGV[2] ~= '' then
  release_lease(KEYS[4], ARGV[2])
end
return evicted
