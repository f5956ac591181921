#!/bin/sh
# One-shot run by the temporal-admin-tools service before the Temporal server starts: creates the
# server's two PostgreSQL databases and brings their schemas up to the version this admin-tools
# image carries. Every step is idempotent (an existing database or schema version is kept), so it
# runs on each `docker compose up`, and after an image upgrade it applies the new schema versions
# before the new server starts.
# temporal-sql-tool reads SQL_PLUGIN, SQL_HOST, SQL_PORT, SQL_USER and SQL_PASSWORD from the environment.
set -eu
: "${SQL_HOST:?}" "${SQL_USER:?}" "${SQL_PASSWORD:?}"

schemas=/etc/temporal/schema/postgresql/v12
for store in temporal:temporal temporal_visibility:visibility; do
  db=${store%%:*}
  dir=${store#*:}
  echo "temporal schema: database ${db}"
  temporal-sql-tool --db "$db" create-database
  temporal-sql-tool --db "$db" setup-schema -v 0.0
  temporal-sql-tool --db "$db" update-schema -d "${schemas}/${dir}/versioned"
done
echo "temporal schema: up to date"
