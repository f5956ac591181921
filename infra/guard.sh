#!/usr/bin/env bash
# Runs one stack server and ties its life to the stack manager's: the manager holds our stdin
# open, so when it dies in any way (even SIGKILL) the pipe closes and the server is stopped.
# A SIGTERM/SIGINT to this script is passed on and waited for, so shutdown stays clean.
# With GUARD_PID_FILE set, the server's own pid is written there (what a signal to the part must reach).
exec 3<&0
"$@" </dev/null &
pid=$!
if [ -n "${GUARD_PID_FILE:-}" ]; then echo "$pid" > "$GUARD_PID_FILE.tmp" && mv "$GUARD_PID_FILE.tmp" "$GUARD_PID_FILE"; fi
stop() { kill -TERM "$pid" 2>/dev/null; wait "$pid"; exit $?; }
trap stop TERM INT
( cat <&3 >/dev/null; kill -TERM "$pid" 2>/dev/null ) &
watcher=$!
exec 3<&-
wait "$pid"
rc=$?
pkill -P "$watcher" 2>/dev/null; kill "$watcher" 2>/dev/null
exit "$rc"
