#!/bin/sh
# One-shot run by the mongo-init service (mongo image, so mongosh is at hand): makes the single
# mongod the one-member replica set the services' MONGO_URL names, the first time, waits until it is
# the writable primary, and creates (or, when the password changed, updates) the application's user,
# which may read and write the application's database and nothing else. It signs in as the root
# user, whose password it reads from the environment, never from its command line. On a set already
# initiated it only waits and checks the user, so it runs on every `docker compose up`. A replica
# set, even of one member, keeps an oplog (for consistent `mongodump --oplog` backups), gives the
# clients retryable writes, and can grow to three members later without changing the clients' URL.
set -eu
: "${MONGO_RS_NAME:?}" "${MONGO_RS_MEMBER:?}" "${MONGO_ROOT_USER:?}" "${MONGO_ROOT_PASSWORD:?}" "${MONGO_APP_USER:?}" "${MONGO_APP_PASSWORD:?}" "${MONGO_APP_DB:?}"

# directConnection: the set has no configuration yet, so there is no primary to discover.
exec mongosh --quiet --norc "mongodb://${MONGO_RS_MEMBER}/admin?directConnection=true" --eval "$(cat <<'JS'
const setName = process.env.MONGO_RS_NAME;
const member = process.env.MONGO_RS_MEMBER;
const admin = db.getSiblingDB('admin');
admin.auth(process.env.MONGO_ROOT_USER, process.env.MONGO_ROOT_PASSWORD);
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
const user = process.env.MONGO_APP_USER;
const roles = [{ role: 'readWrite', db: process.env.MONGO_APP_DB }];
if (admin.getUser(user)) {
  admin.updateUser(user, { pwd: process.env.MONGO_APP_PASSWORD, roles });
  print(`mongo init: user ${user} brought up to date`);
} else {
  admin.createUser({ user, pwd: process.env.MONGO_APP_PASSWORD, roles });
  print(`mongo init: user ${user} created`);
}
JS
)"
