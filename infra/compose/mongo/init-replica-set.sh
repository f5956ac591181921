#!/bin/sh
# One-shot run by the mongo-init service (mongo image, so mongosh is at hand): makes the single
# mongod the one-member replica set the services' MONGO_URL names, the first time, and then waits
# until it is the writable primary. On a set already initiated it only waits, so it runs on every
# `docker compose up`. A replica set, even of one member, keeps an oplog (for consistent
# `mongodump --oplog` backups) and can grow to three members later without changing the clients' URL.
set -eu
: "${MONGO_RS_NAME:?}" "${MONGO_RS_MEMBER:?}"

# directConnection: the set has no configuration yet, so there is no primary to discover.
exec mongosh --quiet --norc "mongodb://${MONGO_RS_MEMBER}/admin?directConnection=true" --eval "$(cat <<'JS'
const setName = process.env.MONGO_RS_NAME;
const member = process.env.MONGO_RS_MEMBER;
try {
  rs.status();
  print(`mongo init: replica set ${setName} already initiated`);
} catch (err) {
  if (err.codeName !== 'NotYetInitialized') throw err;
  rs.initiate({ _id: setName, members: [{ _id: 0, host: member }] });
  print(`mongo init: replica set ${setName} initiated with member ${member}`);
}
for (let waited = 0; !db.hello().isWritablePrimary; waited += 1) {
  if (waited >= 60) {
    print('mongo init: no writable primary after 60 s');
    quit(1);
  }
  sleep(1000);
}
print(`mongo init: ${member} is the primary of ${setName}`);
JS
)"
