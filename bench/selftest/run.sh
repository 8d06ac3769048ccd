#!/usr/bin/env bash
# Checks the benchmark's own plumbing without the service: every step of bench/run.sh runs
# against a canned stand-in of the service (WireMock with bench/selftest/fake-service), with
# 3 s wrk runs and no start-up measurement. Its numbers say nothing about the service
# (no upstream call is ever made, so coalescing reads 0); it only shows the steps, the
# parsing and the results file work. Writes bench/work/results-selftest.md.
set -euo pipefail
# shellcheck disable=SC2034 # the variables set here are read by the steps of run.sh
# shellcheck source=bench/run.sh
source "$(dirname "${BASH_SOURCE[0]}")/../run.sh"
parse_args --quick --skip-build
RESULTS_FILE="$WORK/results-selftest.md"
WRK_DURATION=3s
trap cleanup EXIT
cd "$ROOT"
mkdir -p "$WORK"
LOAD_BEFORE="$(uptime | sed 's/.*load average: //')"

start_service() { # the canned service instead of the jar; no request journal, which would fill
  # a 256 MB heap over the rounds of wrk runs
  local port=$1 logfile=$3
  shift 3
  java "$@" -jar "$WIREMOCK_JAR" --port "$port" --bind-address 127.0.0.1 \
    --root-dir "$BENCH/selftest/fake-service" --disable-banner --no-request-journal >"$logfile" 2>&1 &
  SERVICE_PID=$!
  PIDS+=("$SERVICE_PID")
}
measure_startups() {
  BARE_STARTS=(n/a); SERVICE_STARTS=(n/a); BARE_MEDIAN=n/a; SERVICE_MEDIAN=n/a; STARTUP_RATIO=n/a
  STARTUP_OK="not measured"
  CACHED_KIND="cache"; CACHED_BARE_STARTS=(n/a); CACHED_SERVICE_STARTS=(n/a); CACHED_BARE_MEDIAN=n/a
  CACHED_SERVICE_MEDIAN=n/a; CACHED_RATIO=n/a; CACHED_OK="not measured"
  SAME_STARTS=(n/a); SAME_MEDIAN=n/a; SAME_RATIO=n/a; OWN_RATIO=n/a
  CACHED_SAME_STARTS=(n/a); CACHED_SAME_MEDIAN=n/a; CACHED_SAME_RATIO=n/a; CACHED_OWN_RATIO=n/a
}

ensure_tools
SERVICE_JAR=unused BARE_JAR=unused
build() { :; }
WIREMOCK_JAR="$WORK/lib/wiremock-standalone-$WIREMOCK_VERSION.jar"
if [[ ! -f $WIREMOCK_JAR ]]; then
  ./mvnw -B -q dependency:copy -Dartifact="org.wiremock:wiremock-standalone:$WIREMOCK_VERSION" -DoutputDirectory="$WORK/lib"
fi
start_stand_in
measure_startups
service_run default
service_run xmx256 -Xmx256m
write_results
log "self-test passed; results in ${RESULTS_FILE#"$ROOT"/}"
printf '%s\n' "${SUMMARY[@]}"
