-- Takes the lease KEYS[1] of the entry KEYS[2] for ARGV[1] ms with the value ARGV[2] if it is free, and reads the
-- entry (acquire_lease, lib/leases.lua).
return acquire_lease(KEYS[1], KEYS[2], ARGV[1], ARGV[2])
