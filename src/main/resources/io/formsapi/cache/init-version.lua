-- Returns the version KEYS[1], first set to ARGV[1] with a TTL of ARGV[2] ms if it was missing (init_version,
-- lib/versions.lua).
return init_version(KEYS[1], ARGV[1], ARGV[2])
