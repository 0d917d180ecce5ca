-- Makes KEYS[1] live at least ARGV[1] ms more (extend_ttl, lib/versions.lua).
return extend_ttl(KEYS[1], ARGV[1])
