#!/bin/sh
# Starts one Redis node of the production compose file: $1 is this node's service name.
# After a failover the primary is whichever node the Sentinels promoted, so a node that restarts asks them first and
# follows that primary; started with a fixed role it could come back as a second primary, or as the replica of a
# replica. Only when no Sentinel answers (the first start of the stack) is redis-primary the primary.
set -eu
me="$1"
primary=""
for sentinel in redis-sentinel-1 redis-sentinel-2 redis-sentinel-3; do
  primary=$(redis-cli -h "$sentinel" -p 26379 --raw SENTINEL get-master-addr-by-name forms 2>/dev/null | head -n 1) || true
  if [ -n "$primary" ]; then break; fi
done
if [ -z "$primary" ]; then primary=redis-primary; fi

# A fresh copy of deploy/redis/redis.conf at every start: Sentinel makes the node rewrite its configuration file
# (CONFIG REWRITE) when it changes its role, and the role comes from the Sentinels anyway.
cp /usr/local/etc/redis/redis.conf /data/redis.conf
set -- redis-server /data/redis.conf --replica-announce-ip "$me" \
  --requirepass "$REDIS_PASSWORD" --masterauth "$REDIS_PASSWORD"
if [ "$primary" != "$me" ]; then
  set -- "$@" --replicaof "$primary" 6379
fi
# The image's entrypoint hands the data directory to the redis user and runs the server as that user.
exec docker-entrypoint.sh "$@"
