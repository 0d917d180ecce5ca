-- Returns the stored version, first setting it to ARGV[1] if the key is missing (never set, or evicted).
local key = KEYS[1]
local version = redis.call('GET', key)
if not version then
  redis.call('SET', key, ARGV[1])
  version = ARGV[1]
end
return version
