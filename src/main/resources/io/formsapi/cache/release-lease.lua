-- Gives the lease KEYS[1] back if it is still held with ARGV[1] (release_lease, lib/leases.lua).
return release_lease(KEYS[1], ARGV[1])
