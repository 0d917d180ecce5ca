#!/bin/sh
# Starts one Sentinel of the production compose file. Its configuration is copied from deploy/redis/sentinel.conf
# at its first start only: Sentinel rewrites that copy with the current primary and the other sentinels, and must
# find it again after a restart.
set -eu
config=/data/sentinel.conf
if [ ! -f "$config" ]; then
  cp /usr/local/etc/redis/sentinel.conf "$config.new"
  printf 'sentinel auth-pass forms %s\n' "$REDIS_PASSWORD" >> "$config.new"
  mv "$config.new" "$config"
fi
# redis-server in Sentinel mode, through the image's entrypoint, which runs it as the redis user.
exec docker-entrypoint.sh redis-server "$config" --sentinel
