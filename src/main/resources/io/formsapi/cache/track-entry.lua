-- Tracks one entry in its type's index and size ledger (track_entry, lib/index.lua): KEYS[1] the index, KEYS[2]
-- the ledger, ARGV as track_entry's a. Returns the keys evicted.
return track_entry(KEYS[1], KEYS[2], ARGV)
