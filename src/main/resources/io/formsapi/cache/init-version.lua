-- Returns the stored version, first setting it to ARGV[1] with a TTL of ARGV[2] ms if the key is missing (never
-- set, expired or evicted). The TTL is short: an entry stored with this version extends it (extend-ttl.lua), so
-- that a lookup of something that does not exist leaves nothing behind for long. A version set here is published
-- on ARGV[3] for the instances' near caches.
local key = KEYS[1]
local version = redis.call('GET', key)
if not version then
  redis.call('SET', key, ARGV[1], 'PX', ARGV[2])
  redis.call('PUBLISH', ARGV[3], 'v ' .. key .. ' ' .. ARGV[1])
  version = ARGV[1]
end
return version
