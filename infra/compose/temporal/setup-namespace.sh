#!/bin/sh
# One-shot run by the temporal-namespace service once the Temporal server listens: waits until the
# cluster answers, creates the namespace the project's processes use (with its retention) if it is
# missing, and registers the custom search attributes ops staff filter requests by in the Temporal
# UI (TEMPORAL_SEARCH_ATTRIBUTES, "Name=Type ...", kept equal to contracts/wire.ts by
# test/infra/compose.test.ts). Re-registering an attribute of the same type changes nothing, so
# this runs on every `docker compose up`. The worker also registers missing attributes at start.
# The temporal CLI reads TEMPORAL_ADDRESS from the environment.
set -eu
: "${TEMPORAL_ADDRESS:?}" "${TEMPORAL_NAMESPACE:?}" "${TEMPORAL_RETENTION:?}" "${TEMPORAL_SEARCH_ATTRIBUTES:?}"

# retry WHAT COMMAND...: a freshly started server refuses some calls for a few seconds.
retry() {
  what=$1
  shift
  n=1
  until "$@"; do
    if [ "$n" -ge 60 ]; then
      echo "temporal namespace: gave up on ${what} after ${n} tries" >&2
      return 1
    fi
    n=$((n + 1))
    sleep 2
  done
}

ensure_namespace() {
  if temporal operator namespace describe --namespace "$TEMPORAL_NAMESPACE" >/dev/null 2>&1; then
    echo "temporal namespace: ${TEMPORAL_NAMESPACE} exists"
  else
    temporal operator namespace create --namespace "$TEMPORAL_NAMESPACE" --retention "$TEMPORAL_RETENTION"
  fi
}

retry "the cluster health check" temporal operator cluster health
retry "namespace ${TEMPORAL_NAMESPACE}" ensure_namespace

set --
for attribute in $TEMPORAL_SEARCH_ATTRIBUTES; do
  set -- "$@" --name "${attribute%%=*}" --type "${attribute#*=}"
done
retry "the search attributes" temporal operator search-attribute create --namespace "$TEMPORAL_NAMESPACE" "$@"
echo "temporal namespace: ${TEMPORAL_NAMESPACE} ready"
