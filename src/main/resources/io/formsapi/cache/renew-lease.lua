-- Extends the lease (KEYS[1]) to ARGV[2] ms only if it is still ours (token ARGV[1]): a holder still loading keeps
-- the others waiting for its value, and a holder that lost its lease cannot take over a successor's.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
