-- Version functions, prepended to the scripts that use them.

-- Returns the stored version of key, first setting it to initial with a TTL of ttl ms if it is missing (never
-- set, expired or evicted). The TTL is short: an entry stored with this version extends it (extend_ttl), so that
-- a lookup of something that does not exist leaves nothing behind for long. Nothing is announced: setting a
-- version up changes no data, so whatever a near cache keeps under the value that expired or was evicted is still
-- what a load would return, and the next change (bump-version.lua) is announced to every instance.
local function init_version(key, initial, ttl)
  local version = redis.call('GET', key)
  if not version then
    redis.call('SET', key, initial, 'PX', ttl)
    version = initial
  end
  return version
end

-- Makes key live at least ttl ms more (never shortens it); a key without a TTL gets one. A missing key is left
-- missing. Returns the TTL it had.
local function extend_ttl(key, ttl)
  local current = redis.call('PTTL', key)
  if current == -1 or (current >= 0 and current < tonumber(ttl)) then
    redis.call('PEXPIRE', key, ttl)
  end
  return current
end
