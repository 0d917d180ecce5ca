-- Makes the key live at least ARGV[1] ms more (never shortens it); a key without a TTL gets one. A missing key
-- is left missing.
local key = KEYS[1]
local ttl = tonumber(ARGV[1])
local current = redis.call('PTTL', key)
if current == -1 or (current >= 0 and current < ttl) then
  redis.call('PEXPIRE', key, ttl)
end
return current
