#!/bin/sh
# Entrypoint of the mongo service: MongoDB with authentication. The members of a replica set prove
# themselves to each other with a shared key file, which also switches client authentication on;
# it is written here from MONGO_REPLICA_SET_KEY (a secret from .env), readable by mongod alone, and
# then the image's own entrypoint runs. On the first start of an empty volume that entrypoint
# creates the root user from MONGO_INITDB_ROOT_USERNAME / MONGO_INITDB_ROOT_PASSWORD (it starts
# mongod once without --replSet and --keyFile to do so); mongo-init then initiates the replica set
# and creates the application's user.
set -eu
: "${MONGO_REPLICA_SET_KEY:?set MONGO_REPLICA_SET_KEY (openssl rand -base64 48) in .env}"
case "$MONGO_REPLICA_SET_KEY" in
  *[!A-Za-z0-9+/=]*) echo "MONGO_REPLICA_SET_KEY: base64 characters only (openssl rand -base64 48)" >&2; exit 1 ;;
esac
key=/run/mongo-keyfile/keyfile
mkdir -p "$(dirname "$key")"
printf '%s\n' "$MONGO_REPLICA_SET_KEY" > "$key"
chmod 400 "$key"
chown 999:999 "$key"
exec docker-entrypoint.sh "$@"
