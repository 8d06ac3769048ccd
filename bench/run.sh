#!/usr/bin/env bash
# Benchmark of toggl-bff against a local Toggl/Maton stand-in, with nginx as the reference.
# See bench/README.md. Usage: bench/run.sh [--quick] [--skip-build] [--scale-out] [--start-up]
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/run.sh [--quick] [--skip-build] [--scale-out] [--start-up]
  --quick       5 s wrk runs and 20 dashboard loads (for working on the harness; the
                results go to bench/work/results-quick.md, not bench/results/latest.md)
  --skip-build  use the jars already built (target/, bench/bare-app/target/)
  --scale-out   instead of the figures above: cached reads through nginx as a round-robin
                load balancer over two instances in shared-state mode vs one, on Redis and
                PostgreSQL (bench/results/scale-out.md; with --quick bench/work/scale-out-quick.md)
  --start-up    instead of the figures above: only the start-up of the bare application, of an
                empty application with the service's dependencies and of the service
                (bench/results/start-up.md), about 5 minutes
environment:
  BENCH_SERVICE_ARGS  extra arguments for the service (both runs), e.g. a setting to tune
  BENCH_JAVA_OPTS     extra JVM options for the service (both runs)
  BENCH_DASHBOARD_INTERVAL  seconds between dashboard loads (default 0)
  BENCH_JFR=1         record each measured run with Java Flight Recorder (profile settings)
                      into bench/work/service-<run>.jfr
  BENCH_REDIS_HOST, BENCH_REDIS_PORT   Redis for --scale-out (127.0.0.1, 6379)
  BENCH_PG_HOST, BENCH_PG_PORT, BENCH_PG_DB, BENCH_PG_USER, BENCH_PG_PASSWORD
                      PostgreSQL for --scale-out (127.0.0.1, 5432, test, postgres, empty); the
                      run creates a schema of its own there and drops it at the end
  BENCH_PIN=0         do not pin wrk apart from the service and nginx (taskset)
  BENCH_ROUNDS        rounds of service + nginx wrk runs per heap setting (default 3; the
                      figures are the rounds' medians)
EOF
}

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
WORK="$BENCH/work"
LOAD="$BENCH/lib/load.py"
WIREMOCK_VERSION=3.13.2
BURST=200
COOKIE_SESSIONS=32
STARTS=3
ROUNDS=${BENCH_ROUNDS:-3}

parse_args() {
  QUICK=0
  SKIP_BUILD=0
  SCALE_OUT=0
  START_UP_ONLY=0
  local arg
  for arg in "$@"; do
    case "$arg" in
      --quick) QUICK=1 ;;
      --skip-build) SKIP_BUILD=1 ;;
      --scale-out) SCALE_OUT=1 ;;
      --start-up) START_UP_ONLY=1 ;;
      -h|--help) usage; exit 0 ;;
      *) usage >&2; exit 2 ;;
    esac
  done
  WRK_DURATION=20s
  WARMUP_DURATION=30s
  DASHBOARD_WARMUP=10s
  DASHBOARD_LOADS=100
  RESULTS_FILE="$BENCH/results/latest.md"
  if [[ $QUICK == 1 ]]; then
    WRK_DURATION=5s
    WARMUP_DURATION=5s
    DASHBOARD_WARMUP=3s
    DASHBOARD_LOADS=20
    RESULTS_FILE="$WORK/results-quick.md"
  fi
  if [[ $SCALE_OUT == 1 ]]; then
    RESULTS_FILE="$BENCH/results/scale-out.md"
    if [[ $QUICK == 1 ]]; then RESULTS_FILE="$WORK/scale-out-quick.md"; fi
  fi
  if [[ $START_UP_ONLY == 1 ]]; then
    (( SCALE_OUT == 0 )) || { usage >&2; exit 2; }
    RESULTS_FILE="$BENCH/results/start-up.md"
  fi
}
# shellcheck disable=SC2206
SERVICE_EXTRA_ARGS=(${BENCH_SERVICE_ARGS:-})
# shellcheck disable=SC2206
SERVICE_JAVA_OPTS=(${BENCH_JAVA_OPTS:-})
PASSWORD="bench-password-0001"

# The JVM that runs the service and the bare application: the container runs a JRE 21+ with
# virtual threads, so the newest JDK 21+ on the machine is used when there is one
# (BENCH_JAVA overrides), else the default java.
pick_java() {
  if [[ -n ${BENCH_JAVA:-} ]]; then echo "$BENCH_JAVA"; return; fi
  local candidate best="" best_version=0 version
  for candidate in /usr/lib/jvm/*/bin/java; do
    [[ -x $candidate ]] || continue
    version=$("$candidate" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
    [[ $version =~ ^[0-9]+$ ]] || continue
    if (( version >= 21 && version > best_version )); then best=$candidate; best_version=$version; fi
  done
  echo "${best:-java}"
}
JAVA=$(pick_java)
# jstat of the same JDK, so that it can attach to the service's JVM.
JSTAT=$(dirname "$JAVA")/jstat
[[ -x $JSTAT ]] || JSTAT=jstat

# Pinning: with two cores or more, wrk runs on the last core and the service and nginx on the
# others (taskset), so that the load generator does not take the server's cores in the middle of
# a measurement. Both servers get the same cores. BENCH_PIN=0 turns it off.
set_pinning() {
  local cores
  cores=$(nproc)
  PIN_LOAD=()
  PIN_SERVER=()
  SERVER_CORES=$cores
  PINNING="none (wrk, the service and nginx share all $cores cores)"
  if [[ ${BENCH_PIN:-1} == 1 ]] && (( cores >= 2 )) && command -v taskset >/dev/null; then
    PIN_LOAD=(taskset -c "$((cores - 1))")
    PIN_SERVER=(taskset -c "0-$((cores - 2))")
    SERVER_CORES=$((cores - 1))
    PINNING="wrk on core $((cores - 1)), the service and nginx on cores 0-$((cores - 2)) (taskset)"
  fi
}
set_pinning
# The service's measured runs are pinned; its start-up runs are not (set in service_run).
SERVICE_PIN=()

STEP="start"
PIDS=()
CLEANUPS=()
SUMMARY=()

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# Reports a figure: kept for the results file and printed as one line at the end.
figure() { SUMMARY+=("$1"); log "figure: $1"; }

die() {
  echo "bench: FAILED in step '$STEP': $*" >&2
  exit 1
}

cleanup() {
  local status=$?
  local pid
  for pid in "${PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  # What a run left outside bench/work (a database schema, Redis keys), once its processes are gone.
  local step
  for step in "${CLEANUPS[@]}"; do eval "$step" || true; done
  if [[ $status != 0 && ${#SUMMARY[@]} -gt 0 ]]; then
    echo "Measured before the failure (no results file written):"
    printf '  %s\n' "${SUMMARY[@]}"
  fi
}

forget_pid() {
  local gone=$1 kept=() pid
  for pid in "${PIDS[@]}"; do [[ $pid == "$gone" ]] || kept+=("$pid"); done
  PIDS=("${kept[@]}")
}

stop_pid() {
  local pid=$1
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  forget_pid "$pid"
}

now_ns() { date +%s%N; }
free_port() { python3 "$LOAD" free-port; }

# --- tools ----------------------------------------------------------------------------------

ensure_tools() {
  STEP="install tools"
  local missing=() 
  command -v curl >/dev/null || missing+=(curl)
  command -v jq >/dev/null || missing+=(jq)
  command -v python3 >/dev/null || missing+=(python3)
  command -v wrk >/dev/null || missing+=(wrk)
  command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || missing+=(nginx)
  command -v javac >/dev/null && command -v jstat >/dev/null || missing+=(openjdk-17-jdk-headless)
  if [[ ${#missing[@]} -gt 0 ]]; then
    log "installing ${missing[*]} from Debian packages"
    local sudo=()
    [[ $(id -u) == 0 ]] || sudo=(sudo)
    { "${sudo[@]}" apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
    } >"$WORK/apt.log" 2>&1 || { tail -n 20 "$WORK/apt.log" >&2; die "apt-get install ${missing[*]} failed"; }
  fi
  NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
}

# --- build ----------------------------------------------------------------------------------

first_jar() { # the first existing file among the arguments (a glob), or nothing
  local f
  for f in "$@"; do [[ -f $f ]] && { echo "$f"; return; }; done
  return 0
}

build() {
  mkdir -p "$WORK/lib"
  if [[ $SKIP_BUILD == 0 ]]; then
    STEP="build the service"
    log "building the service jar"
    ./mvnw -B -q -DskipTests package || die "./mvnw package failed"
    STEP="build the bare application"
    log "building the bare application"
    ./mvnw -B -q -f bench/bare-app/pom.xml -DskipTests package || die "./mvnw -f bench/bare-app/pom.xml package failed"
  fi
  # The same dependencies, none of the code: generated from pom.xml, so rebuilt with the service
  # (and whenever it is missing).
  if [[ $SKIP_BUILD == 0 || -z $(first_jar "$WORK"/same-deps/target/same-deps-*.jar) ]]; then
    STEP="build the application with the service's dependencies"
    log "building the application with the service's dependencies"
    python3 "$BENCH/same-deps/generate.py" "$ROOT" "$WORK/same-deps" >/dev/null || die "bench/same-deps/generate.py failed"
    ./mvnw -B -q -f "$WORK/same-deps/pom.xml" -DskipTests package || die "./mvnw -f $WORK/same-deps/pom.xml package failed"
  fi
  STEP="find the jars"
  SERVICE_JAR="$(first_jar target/toggl-bff-*.jar)"
  BARE_JAR="$(first_jar bench/bare-app/target/bare-app-*.jar)"
  SAME_JAR="$(first_jar "$WORK"/same-deps/target/same-deps-*.jar)"
  [[ -n $SERVICE_JAR ]] || die "no target/toggl-bff-*.jar (run without --skip-build)"
  [[ -n $BARE_JAR ]] || die "no bench/bare-app/target/bare-app-*.jar (run without --skip-build)"
  WIREMOCK_JAR="$WORK/lib/wiremock-standalone-$WIREMOCK_VERSION.jar"
  if [[ ! -f $WIREMOCK_JAR ]]; then
    STEP="fetch WireMock"
    log "fetching WireMock $WIREMOCK_VERSION"
    ./mvnw -B -q dependency:copy -Dartifact="org.wiremock:wiremock-standalone:$WIREMOCK_VERSION" \
      -DoutputDirectory="$WORK/lib" || die "./mvnw dependency:copy of wiremock-standalone failed"
  fi
}

# --- processes ------------------------------------------------------------------------------

# wait_up NAME PID URL LOG TIMEOUT_S: waits until URL answers with status UP; sets UP_NS.
wait_up() {
  local name=$1 pid=$2 url=$3 logfile=$4 timeout=$5
  local deadline=$(( $(now_ns) + timeout * 1000000000 ))
  while :; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 30 "$logfile" >&2 || true
      die "$name exited before it was up (log: $logfile)"
    fi
    if curl -s --max-time 1 "$url" 2>/dev/null | grep -q '"status" *: *"UP"'; then
      UP_NS=$(now_ns)
      return 0
    fi
    if (( $(now_ns) > deadline )); then
      tail -n 30 "$logfile" >&2 || true
      die "$name was not up after ${timeout}s (log: $logfile)"
    fi
    sleep 0.05
  done
}

start_stand_in() {
  STEP="start the upstream stand-in"
  rm -rf "$WORK/stand-in"
  WORKSPACE_ID="$(python3 "$BENCH/stand-in/generate.py" "$WORK/stand-in" | sed -n 's/^workspace_id=//p')"
  WM_PORT=$(free_port)
  WM="http://127.0.0.1:$WM_PORT"
  java -Xmx512m -jar "$WIREMOCK_JAR" --port "$WM_PORT" --bind-address 127.0.0.1 \
    --root-dir "$WORK/stand-in" --disable-banner >"$WORK/wiremock.log" 2>&1 &
  PIDS+=($!)
  local pid=$!
  local deadline=$(( $(now_ns) + 60 * 1000000000 ))
  until curl -sf "$WM/__admin/health" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || die "WireMock exited (log: $WORK/wiremock.log)"
    (( $(now_ns) < deadline )) || die "WireMock not up after 60s"
    sleep 0.1
  done
  log "stand-in on $WM (workspace $WORKSPACE_ID)"
  check_stand_in
}

# Every path the service reaches answers with the expected shape.
check_stand_in() {
  STEP="check the upstream stand-in"
  local t="/toggl-track/api/v9" ws="/toggl-track/api/v9/workspaces/$WORKSPACE_ID"
  local auth=(-H "Authorization: Bearer bench-key-check")
  local path expr
  while IFS='|' read -r path expr; do
    local out
    out="$(curl -s "${auth[@]}" "$WM$path")" || die "GET $path failed"
    [[ "$(jq -r "$expr" <<<"$out" 2>/dev/null)" == true ]] || die "GET $path: unexpected answer (check: $expr)"
  done <<EOF
/connections?app=toggl-track&status=ACTIVE|.connections[0].status == "ACTIVE" and .connections[0].app == "toggl-track"
$t/me|.default_workspace_id == $WORKSPACE_ID and (.fullname | type) == "string"
$t/me/workspaces|length == 1 and .[0].id == $WORKSPACE_ID
$ws|.id == $WORKSPACE_ID and (.organization_id | type) == "number"
$ws/projects|length == 50 and all(.[]; has("id") and has("name") and has("color") and has("client_id"))
$ws/projects?page=2&per_page=50|length == 0
$ws/clients|length == 20 and all(.[]; has("archived") and has("wid"))
$ws/tags|length == 30 and all(.[]; has("workspace_id"))
$t/me/time_entries?start_date=2020-01-01&end_date=2030-01-01|length == 200 and all(.[]; .duration > 0 and .workspace_id == $WORKSPACE_ID)
$t/me/time_entries/current|. == null
$ws/users|length == 5 and all(.[]; has("email"))
$t/me/quota|length == 2 and .[1].organization_id != null
EOF
  curl -s -D - -o /dev/null "${auth[@]}" "$WM$t/me" | grep -qi '^X-Toggl-Quota-Remaining:' \
    || die "no quota headers on $t/me"
  [[ "$(curl -s -o /dev/null -w '%{http_code}' "$WM$t/me")" == 401 ]] || die "$t/me without a key should be 401"
  reset_journal
}

# repeated_count: the service's bff.reads.repeated so far (repeats of a cached read).
repeated_count() {
  local out
  out=$(curl -sf "$BASE/actuator/prometheus" | awk '/^bff_reads_repeated_total/ {printf "%d", $2}') || true
  [[ $out =~ ^[0-9]+$ ]] || return 1
  echo "$out"
}

reset_journal() { curl -sf -X DELETE "$WM/__admin/requests" >/dev/null || die "could not reset the WireMock journal"; }

# upstream_count [URL_PATH_REGEX]: requests the stand-in received since the last reset.
upstream_count() {
  local pattern=${1:-/.*} out
  out=$(curl -sf -X POST "$WM/__admin/requests/count" -H 'Content-Type: application/json' \
    -d "{\"method\":\"ANY\",\"urlPathPattern\":\"$pattern\"}" | jq -r .count) || true
  [[ $out =~ ^[0-9]+$ ]] || { echo "bench: could not count the stand-in's requests" >&2; return 1; }
  echo "$out"
}

upstream_breakdown() {
  curl -sf "$WM/__admin/requests" | jq -r '.requests[].request | "\(.method) \(.url | split("?")[0])"' \
    | sort | uniq -c | sort -rn | awk '{c=$1; $1=""; printf "%s%s×%s", (NR>1?", ":""), substr($0,2), c}'
}

start_service() { # start_service PORT DATA_DIR LOG [JVM option...]
  local port=$1 data=$2 logfile=$3
  shift 3
  "${SERVICE_PIN[@]}" "$JAVA" "$@" "${SERVICE_JAVA_OPTS[@]}" -jar "$SERVICE_JAR" --server.port="$port" \
    --bff.maton.base-url="$WM" --bff.data-dir="$data" "${SERVICE_EXTRA_ARGS[@]}" >"$logfile" 2>&1 &
  SERVICE_PID=$!
  PIDS+=("$SERVICE_PID")
}

# --- start-up -------------------------------------------------------------------------------

median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }

# timed_start ARRAY NAME LOG DIR COMMAND...: runs COMMAND in DIR (its output into LOG), times it from
# launch to its /actuator/health answering UP (its port: the --server.port= argument), appends the
# seconds to the array ARRAY and stops it.
timed_start() {
  local array=$1 name=$2 logfile=$3 dir=$4 arg port="" t0 pid
  shift 4
  for arg in "$@"; do [[ $arg == --server.port=* ]] && port=${arg#--server.port=}; done
  [[ -n $port ]] || die "timed_start $name: no --server.port= argument"
  t0=$(now_ns)
  (cd "$dir" && exec "$@") >"$logfile" 2>&1 &
  pid=$!
  PIDS+=("$pid")
  wait_up "$name" "$pid" "http://127.0.0.1:$port/actuator/health" "$logfile" 180
  local -n starts=$array
  starts+=("$(awk -v d=$((UP_NS - t0)) 'BEGIN {printf "%.2f", d / 1e9}')")
  stop_pid "$pid"
}

measure_startups() {
  local i
  BARE_STARTS=()
  SERVICE_STARTS=()
  SAME_STARTS=()
  rm -rf "$WORK/data-startup" "$WORK/data-startup-same"
  for i in $(seq 1 "$STARTS"); do
    STEP="start-up of the bare application ($i/$STARTS)"
    timed_start BARE_STARTS "bare application" "$WORK/bare-start-$i.log" "$ROOT" \
      "$JAVA" -jar "$BARE_JAR" --server.port="$(free_port)"
    STEP="start-up of the service ($i/$STARTS)"
    timed_start SERVICE_STARTS service "$WORK/service-start-$i.log" "$ROOT" \
      "$JAVA" "${SERVICE_JAVA_OPTS[@]}" -jar "$SERVICE_JAR" --server.port="$(free_port)" \
      --bff.maton.base-url="$WM" --bff.data-dir="$WORK/data-startup" "${SERVICE_EXTRA_ARGS[@]}"
    STEP="start-up of the application with the service's dependencies ($i/$STARTS)"
    timed_start SAME_STARTS "application with the service's dependencies" "$WORK/same-start-$i.log" "$ROOT" \
      "$JAVA" -jar "$SAME_JAR" --server.port="$(free_port)" --bff.data-dir="$WORK/data-startup-same"
    log "start-up $i: bare ${BARE_STARTS[-1]} s, service ${SERVICE_STARTS[-1]} s, its dependencies alone ${SAME_STARTS[-1]} s"
  done
  BARE_MEDIAN=$(median "${BARE_STARTS[@]}")
  SERVICE_MEDIAN=$(median "${SERVICE_STARTS[@]}")
  SAME_MEDIAN=$(median "${SAME_STARTS[@]}")
  STARTUP_RATIO=$(awk -v s="$SERVICE_MEDIAN" -v b="$BARE_MEDIAN" 'BEGIN {printf "%.2f", s / b}')
  STARTUP_OK=$(awk -v r="$STARTUP_RATIO" 'BEGIN {print (r <= 1.5 ? "pass" : "miss")}')
  SAME_RATIO=$(awk -v s="$SAME_MEDIAN" -v b="$BARE_MEDIAN" 'BEGIN {printf "%.2f", s / b}')
  OWN_RATIO=$(awk -v s="$SERVICE_MEDIAN" -v d="$SAME_MEDIAN" 'BEGIN {printf "%.2f", s / d}')
  figure "start-up: service ${SERVICE_MEDIAN} s vs bare ${BARE_MEDIAN} s (median of $STARTS) = ${STARTUP_RATIO}x, target <= 1.5x: $STARTUP_OK"
  figure "start-up: the service's dependencies alone ${SAME_MEDIAN} s = ${SAME_RATIO}x bare; the service = ${OWN_RATIO}x its dependencies alone"
  measure_cached_startups
}

# The start-up the container image gives (see the Dockerfile): each jar extracted with Spring
# Boot's -Djarmode=tools, one training run that stops once the context is refreshed and leaves
# an AOT cache (JDK 25+: -XX:AOTCacheOutput) or a CDS archive (JDK 21-24:
# -XX:ArchiveClassesAtExit), then started with it. The bare application and the one with the
# service's dependencies get the same treatment.
measure_cached_startups() {
  local i version kind
  version=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
  CACHED_BARE_STARTS=()
  CACHED_SERVICE_STARTS=()
  CACHED_SAME_STARTS=()
  local dir="$WORK/cached"
  rm -rf "$dir"
  mkdir -p "$dir/bare" "$dir/service" "$dir/same"
  STEP="extract the jars for the cached start-up"
  cp "$BARE_JAR" "$dir/bare.jar"
  cp "$SERVICE_JAR" "$dir/service.jar"
  cp "$SAME_JAR" "$dir/same.jar"
  local app
  for app in bare service same; do
    (cd "$dir/$app" && "$JAVA" -Djarmode=tools -jar "../$app.jar" extract --destination . >/dev/null) \
      || die "could not extract $dir/$app.jar"
  done
  local train use_opt
  if (( version >= 25 )); then
    kind="AOT cache (-XX:AOTCache)"
    train=(-XX:AOTCacheOutput=app.aot)
    use_opt=-XX:AOTCache=app.aot
  else
    kind="CDS archive (-XX:SharedArchiveFile)"
    train=(-XX:ArchiveClassesAtExit=app.jsa)
    use_opt=-XX:SharedArchiveFile=app.jsa
  fi
  CACHED_KIND=$kind
  STEP="training run of the bare application"
  (cd "$dir/bare" && "$JAVA" "${train[@]}" -Dspring.context.exit=onRefresh -jar bare.jar --server.port=0 \
    >"$WORK/bare-training.log" 2>&1) || die "the bare application's training run failed (log: $WORK/bare-training.log)"
  STEP="training run of the service"
  (cd "$dir/service" && "$JAVA" "${train[@]}" -Dspring.context.exit=onRefresh -jar service.jar --server.port=0 \
    --bff.maton.base-url="$WM" --bff.data-dir="$dir/training-data" "${SERVICE_EXTRA_ARGS[@]}" \
    >"$WORK/service-training.log" 2>&1) || die "the service's training run failed (log: $WORK/service-training.log)"
  STEP="training run of the application with the service's dependencies"
  (cd "$dir/same" && "$JAVA" "${train[@]}" -Dspring.context.exit=onRefresh -jar same.jar --server.port=0 \
    --bff.data-dir="$dir/training-data-same" >"$WORK/same-training.log" 2>&1) \
    || die "the training run of the application with the service's dependencies failed (log: $WORK/same-training.log)"
  rm -rf "$WORK/data-cached" "$WORK/data-cached-same"
  for i in $(seq 1 "$STARTS"); do
    STEP="cached start-up of the bare application ($i/$STARTS)"
    timed_start CACHED_BARE_STARTS "bare application" "$WORK/bare-cached-$i.log" "$dir/bare" \
      "$JAVA" "$use_opt" -jar bare.jar --server.port="$(free_port)"
    STEP="cached start-up of the service ($i/$STARTS)"
    timed_start CACHED_SERVICE_STARTS service "$WORK/service-cached-$i.log" "$dir/service" \
      "$JAVA" "$use_opt" "${SERVICE_JAVA_OPTS[@]}" -jar service.jar --server.port="$(free_port)" \
      --bff.maton.base-url="$WM" --bff.data-dir="$WORK/data-cached" "${SERVICE_EXTRA_ARGS[@]}"
    STEP="cached start-up of the application with the service's dependencies ($i/$STARTS)"
    timed_start CACHED_SAME_STARTS "application with the service's dependencies" "$WORK/same-cached-$i.log" \
      "$dir/same" "$JAVA" "$use_opt" -jar same.jar --server.port="$(free_port)" --bff.data-dir="$WORK/data-cached-same"
    log "cached start-up $i: bare ${CACHED_BARE_STARTS[-1]} s, service ${CACHED_SERVICE_STARTS[-1]} s, its dependencies alone ${CACHED_SAME_STARTS[-1]} s"
  done
  CACHED_BARE_MEDIAN=$(median "${CACHED_BARE_STARTS[@]}")
  CACHED_SERVICE_MEDIAN=$(median "${CACHED_SERVICE_STARTS[@]}")
  CACHED_SAME_MEDIAN=$(median "${CACHED_SAME_STARTS[@]}")
  CACHED_RATIO=$(awk -v s="$CACHED_SERVICE_MEDIAN" -v b="$CACHED_BARE_MEDIAN" 'BEGIN {printf "%.2f", s / b}')
  CACHED_OK=$(awk -v r="$CACHED_RATIO" 'BEGIN {print (r <= 1.5 ? "pass" : "miss")}')
  CACHED_SAME_RATIO=$(awk -v s="$CACHED_SAME_MEDIAN" -v b="$CACHED_BARE_MEDIAN" 'BEGIN {printf "%.2f", s / b}')
  CACHED_OWN_RATIO=$(awk -v s="$CACHED_SERVICE_MEDIAN" -v d="$CACHED_SAME_MEDIAN" 'BEGIN {printf "%.2f", s / d}')
  figure "start-up with $kind: service ${CACHED_SERVICE_MEDIAN} s vs bare ${CACHED_BARE_MEDIAN} s = ${CACHED_RATIO}x, target <= 1.5x: $CACHED_OK"
  figure "start-up with $kind: the service's dependencies alone ${CACHED_SAME_MEDIAN} s = ${CACHED_SAME_RATIO}x bare; the service = ${CACHED_OWN_RATIO}x its dependencies alone"
}

# --- the public API -------------------------------------------------------------------------

# call NAME EXPECTED METHOD PATH [BODY]: one API call with the current token; dies naming the
# step and the status when the answer is not EXPECTED. The body is left in $WORK/answer.json.
call() {
  local name=$1 expected=$2 method=$3 path=$4 body=${5:-}
  STEP="$name ($method $path)"
  local args=(-s -o "$WORK/answer.json" -w '%{http_code}' -X "$method" -H 'Accept: application/json')
  [[ -n ${TOKEN:-} ]] && args+=(-H "Authorization: Bearer $TOKEN")
  [[ -n $body ]] && args+=(-H 'Content-Type: application/json' --data-binary "$body")
  local status
  status="$(curl "${args[@]}" "$BASE$path")" || status="000"
  if [[ $status != "$expected" ]]; then
    die "HTTP $status (expected $expected): $(head -c 400 "$WORK/answer.json" 2>/dev/null)"
  fi
}

sign_in() { # sign_in USERNAME: sets TOKEN
  TOKEN=""
  call "sign in as $1" 200 POST /api/v1/auth/token "{\"username\":\"$1\",\"password\":\"$PASSWORD\"}"
  TOKEN="$(jq -r .accessToken "$WORK/answer.json")"
  [[ -n $TOKEN && $TOKEN != null ]] || die "no accessToken in the answer"
}

# set_up_user USERNAME: registers, signs in, stores a Maton key and creates a team; sets TEAM.
set_up_user() {
  local user=$1
  TOKEN=""
  call "register $user" 201 POST /api/v1/auth/register "{\"username\":\"$user\",\"password\":\"$PASSWORD\"}"
  sign_in "$user"
  call "store a Maton key for $user" 200 PUT /api/v1/me/maton-key \
    "{\"apiKey\":\"bench-key-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')\"}"
  call "create a team for $user" 201 POST /api/v1/teams "{\"name\":\"Bench team of $user\",\"workspaceId\":$WORKSPACE_ID}"
  TEAM="$(jq -r .id "$WORK/answer.json")"
  [[ -n $TEAM && $TEAM != null ]] || die "no team id in the answer"
}

gc_snapshot() { # prints "uptime_seconds gc_seconds" of a JVM
  local out
  out=$("$JSTAT" -gcutil -t "$1" | awk 'NR == 1 {for (i = 1; i <= NF; i++) col[$i] = i}
    NR == 2 {print $col["Timestamp"], $col["GCT"]}') || true
  [[ $out =~ ^[0-9.]+\ [0-9.]+$ ]] || { echo "bench: jstat could not read process $1" >&2; return 1; }
  echo "$out"
}

rss_mb() { awk '/^VmRSS:/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }

run_wrk() { # run_wrk URL OUTPUT
  "${PIN_LOAD[@]}" wrk -t2 -c64 -d"$WRK_DURATION" --latency -H "Authorization: Bearer $TOKEN" "$1" >"$2" 2>&1 \
    || die "wrk failed: $(tail -3 "$2")"
  python3 "$LOAD" wrk "$2" >"$2.vars" || die "could not read the wrk output $2"
}

# run_wrk_cookies URL OUTPUT COOKIE_FILE: as run_wrk, in cookie mode: no bearer token, each request
# names one of the browser sessions in COOKIE_FILE (one Cookie header value per line, taken in
# turn) and sends the CSRF header, as a web frontend does.
run_wrk_cookies() {
  local script="$WORK/cookies.lua"
  cat >"$script" <<EOF
local cookies = {}
local n = 0
function init(args)
  for line in io.lines("$3") do cookies[#cookies + 1] = line end
end
function request()
  n = n + 1
  return wrk.format("GET", nil, {["Cookie"] = cookies[(n % #cookies) + 1], ["X-CSRF"] = "1"})
end
EOF
  "${PIN_LOAD[@]}" wrk -t2 -c64 -d"$WRK_DURATION" --latency -s "$script" "$1" >"$2" 2>&1 \
    || die "wrk failed: $(tail -3 "$2")"
  python3 "$LOAD" wrk "$2" >"$2.vars" || die "could not read the wrk output $2"
}

# nginx_http_common DIR: the http-block settings both nginx configurations share (no access log,
# JSON by default, temp folders under DIR).
nginx_http_common() {
  cat <<EOF
    access_log off;
    sendfile on;
    tcp_nopush on;
    default_type application/json;
    client_body_temp_path $1/temp/body;
    proxy_temp_path $1/temp/proxy;
    fastcgi_temp_path $1/temp/fastcgi;
    uwsgi_temp_path $1/temp/uwsgi;
    scgi_temp_path $1/temp/scgi;
EOF
}

wrk_var() { sed -n "s/^$2=//p" "$1.vars"; }

start_nginx() {
  STEP="start nginx"
  local dir="$WORK/nginx"
  mkdir -p "$dir/root" "$dir/temp"
  NGINX_PORT=$(free_port)
  cat >"$dir/nginx.conf" <<EOF
worker_processes $SERVER_CORES;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 1024; }
http {
$(nginx_http_common "$dir")
    server {
        listen 127.0.0.1:$NGINX_PORT;
        root $dir/root;
        location / { }
    }
}
EOF
  "$NGINX" -t -q -e "$dir/error.log" -p "$dir" -c "$dir/nginx.conf" || die "nginx rejected $dir/nginx.conf"
  "${PIN_SERVER[@]}" "$NGINX" -e "$dir/error.log" -p "$dir" -c "$dir/nginx.conf" -g 'daemon off;' &
  NGINX_PID=$!
  PIDS+=("$NGINX_PID")
  local deadline=$(( $(now_ns) + 20 * 1000000000 ))
  until curl -s -o /dev/null "http://127.0.0.1:$NGINX_PORT/"; do
    kill -0 "$NGINX_PID" 2>/dev/null || die "nginx exited (log: $dir/error.log)"
    (( $(now_ns) < deadline )) || die "nginx not up after 20s"
    sleep 0.1
  done
  log "nginx on 127.0.0.1:$NGINX_PORT"
}

# --- one run of the service -----------------------------------------------------------------

# service_run NAME [JVM option...]: starts the service, measures, stops it. Sets R_<NAME>_*.
service_run() {
  local name=$1
  shift
  local port data="$WORK/data" logfile="$WORK/service-$name.log"
  STEP="start the service ($name)"
  rm -rf "$data"
  port=$(free_port)
  BASE="http://127.0.0.1:$port"
  local jvm=("$@" -Xlog:gc:file="$WORK/gc-$name.log")
  # shellcheck disable=SC2054 # the commas belong to one JVM option
  [[ ${BENCH_JFR:-0} == 1 ]] && jvm+=(-XX:StartFlightRecording=filename="$WORK/service-$name.jfr",settings=profile)
  SERVICE_PIN=("${PIN_SERVER[@]}")
  start_service "$port" "$data" "$logfile" "${jvm[@]}"
  SERVICE_PIN=()
  wait_up "service" "$SERVICE_PID" "$BASE/actuator/health" "$logfile" 180
  log "service ($name) up on $BASE, pid $SERVICE_PID"
  local gc0 gc1
  gc0=$(gc_snapshot "$SERVICE_PID") || die "no GC figures"

  # Setup through the public API: the owner of the measured team.
  set_up_user "bench.owner"
  local team=$TEAM

  # 2. Coalescing: one cold entry, BURST concurrent reads by the same user.
  STEP="coalescing ($name)"
  reset_journal
  python3 "$LOAD" burst "$BASE/api/v1/teams/$team/tags" "$BURST" "$TOKEN" >"$WORK/burst-$name.txt" \
    || die "the burst of reads failed"
  local burst_failed tags_upstream all_upstream count
  burst_failed=$(sed -n 's/^failed=//p' "$WORK/burst-$name.txt")
  tags_upstream=$(upstream_count "/toggl-track/api/v9/workspaces/[0-9]+/tags") || die "no request count"
  all_upstream=$(upstream_count) || die "no request count"
  log "coalescing ($name): $(tr '\n' ' ' <"$WORK/burst-$name.txt")upstream tags=$tags_upstream all=$all_upstream"
  eval "R_${name}_BURST_FAILED=$burst_failed R_${name}_BURST_TAGS=$tags_upstream R_${name}_BURST_ALL=$all_upstream"
  eval "R_${name}_BURST_STATUSES='$(sed -n 's/^statuses=//p' "$WORK/burst-$name.txt")'"

  # 1. Cached read: the projects answer, warmed once, then wrk; nginx serves the same bytes.
  sign_in "bench.owner"
  call "first read of the team's projects" 200 GET "/api/v1/teams/$team/projects"
  [[ -s $WORK/answer.json ]] || die "empty projects answer"
  [[ -n ${NGINX_PID:-} ]] || start_nginx
  cp "$WORK/answer.json" "$WORK/nginx/root/projects.json"
  chmod a+r "$WORK/nginx/root/projects.json"
  STEP="cached read ($name)"
  reset_journal
  # Steady state is what is measured: the JIT compiles the hot path during a warm-up run first.
  log "wrk warm-up $WARMUP_DURATION on the service ($name)"
  "${PIN_LOAD[@]}" wrk -t2 -c64 -d"$WARMUP_DURATION" -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/teams/$team/projects" \
    >"$WORK/wrk-warmup-$name.txt" 2>&1 || die "wrk warm-up failed: $(tail -3 "$WORK/wrk-warmup-$name.txt")"
  STEP="nginx reference ($name)"
  cmp -s "$WORK/nginx/root/projects.json" <(curl -s "http://127.0.0.1:$NGINX_PORT/projects.json") \
    || die "nginx does not serve the service's bytes"
  "${PIN_LOAD[@]}" wrk -t2 -c64 -d5s "http://127.0.0.1:$NGINX_PORT/projects.json" >/dev/null 2>&1 \
    || die "wrk warm-up on nginx failed"
  # Rounds: the service and nginx one after the other, in the same minute; figures are medians.
  local round repeated_before served=0
  repeated_before=$(repeated_count) || die "no bff.reads.repeated from /actuator/prometheus"
  for round in $(seq 1 "$ROUNDS"); do
    STEP="cached read ($name, round $round)"
    log "round $round/$ROUNDS: wrk $WRK_DURATION on the service ($name), then on nginx"
    run_wrk "$BASE/api/v1/teams/$team/projects" "$WORK/wrk-service-$name-$round.txt"
    run_wrk "http://127.0.0.1:$NGINX_PORT/projects.json" "$WORK/wrk-nginx-$name-$round.txt"
    log "round $round: service $(wrk_var "$WORK/wrk-service-$name-$round.txt" rps) req/s" \
      "p99 $(wrk_var "$WORK/wrk-service-$name-$round.txt" p99_ms) ms; nginx" \
      "$(wrk_var "$WORK/wrk-nginx-$name-$round.txt" rps) req/s"
  done
  count=$(upstream_count) || die "no request count"
  eval "R_${name}_WRK_UPSTREAM=$count"
  for round in $(seq 1 "$ROUNDS"); do
    served=$(( served + $(wrk_var "$WORK/wrk-service-$name-$round.txt" requests) ))
  done
  count=$(repeated_count) || die "no bff.reads.repeated from /actuator/prometheus"
  eval "R_${name}_REPEATED='$(awk -v r="$count" -v b="$repeated_before" -v n="$served" \
    'BEGIN {printf "%d repeats; wrk completed %d requests", r - b, n}')'"
  eval "R_${name}_RSS=$(rss_mb "$SERVICE_PID")"

  # 1b. The same read in cookie mode, as a web frontend makes it: COOKIE_SESSIONS browser sessions
  # of the owner. A cookie call takes the whole chain (it is never a repeat), and Spring Session
  # reads the session from the database (and stores its last access) on every call.
  STEP="cookie sessions ($name)"
  local cookies="$WORK/cookies-$name.txt" i
  : >"$cookies"
  for i in $(seq 1 "$COOKIE_SESSIONS"); do
    curl -s -D - -o /dev/null -X POST -H 'Content-Type: application/json' -H 'X-CSRF: 1' \
      --data-binary "{\"username\":\"bench.owner\",\"password\":\"$PASSWORD\"}" "$BASE/api/v1/auth/session" \
      | sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\).*/\1/p' >>"$cookies"
  done
  [[ $(grep -c . "$cookies") == "$COOKIE_SESSIONS" ]] \
    || die "expected $COOKIE_SESSIONS session cookies, got $(grep -c . "$cookies")"
  # As long a warm-up as the cached read's: the cookie path runs far more code (the security chain,
  # Spring Session, SQL), which the JIT is still compiling after 10 s.
  log "wrk warm-up $WARMUP_DURATION and $WRK_DURATION on the cached read with $COOKIE_SESSIONS session cookies ($name)"
  local full_wrk=$WRK_DURATION
  WRK_DURATION=$WARMUP_DURATION
  run_wrk_cookies "$BASE/api/v1/teams/$team/projects" "$WORK/wrk-cookie-warmup-$name.txt" "$cookies"
  WRK_DURATION=$full_wrk
  run_wrk_cookies "$BASE/api/v1/teams/$team/projects" "$WORK/wrk-cookie-$name.txt" "$cookies"
  log "cookie sessions ($name): $(wrk_var "$WORK/wrk-cookie-$name.txt" rps) req/s," \
    "p99 $(wrk_var "$WORK/wrk-cookie-$name.txt" p99_ms) ms"

  # 3. Dashboard: a second user with a cold cache, DASHBOARD_LOADS loads of 7 calls.
  set_up_user "bench.viewer"
  STEP="dashboard ($name)"
  reset_journal
  log "dashboard ($name): $DASHBOARD_LOADS loads"
  python3 "$LOAD" dashboard "$BASE" "$TEAM" "$DASHBOARD_LOADS" "$TOKEN" >"$WORK/dashboard-$name.txt" \
    || die "the dashboard loads failed"
  count=$(upstream_count) || die "no request count"
  eval "R_${name}_DASH_UPSTREAM=$count"
  eval "R_${name}_DASH_DETAIL='$(upstream_breakdown)'"
  eval "R_${name}_DASH_FAILED=$(sed -n 's/^failed=//p' "$WORK/dashboard-$name.txt")"
  eval "R_${name}_DASH_SECONDS=$(sed -n 's/^seconds=//p' "$WORK/dashboard-$name.txt")"
  eval "R_${name}_DASH_STATUSES='$(sed -n 's/^statuses=//p' "$WORK/dashboard-$name.txt")'"
  log "dashboard ($name): $(tr '\n' ' ' <"$WORK/dashboard-$name.txt")"

  # The dashboard endpoint read again and again once its parts are held: its hit figure.
  STEP="dashboard endpoint ($name)"
  reset_journal
  log "wrk warm-up $DASHBOARD_WARMUP and $WRK_DURATION on the dashboard endpoint ($name)"
  "${PIN_LOAD[@]}" wrk -t2 -c64 -d"$DASHBOARD_WARMUP" -H "Authorization: Bearer $TOKEN" \
    "$BASE/api/v1/teams/$TEAM/dashboard" >/dev/null 2>&1 || die "wrk warm-up on the dashboard failed"
  run_wrk "$BASE/api/v1/teams/$TEAM/dashboard" "$WORK/wrk-dashboard-$name.txt"
  count=$(upstream_count) || die "no request count"
  eval "R_${name}_DASHWRK_UPSTREAM=$count"

  # 4. GC time share over the measured window.
  STEP="GC time ($name)"
  gc1=$(gc_snapshot "$SERVICE_PID") || die "no GC figures"
  eval "R_${name}_GC=$(awk -v a="$gc0" -v b="$gc1" 'BEGIN {split(a, x, " "); split(b, y, " ");
    printf "%.2f", 100 * (y[2] - x[2]) / (y[1] - x[1])}')"
  stop_pid "$SERVICE_PID"
}

# --- results --------------------------------------------------------------------------------

pass_if() { awk "BEGIN {print (($1) ? \"pass\" : \"miss\")}"; }

summarise_run() { # summarise_run NAME: figures of one run into F_* variables (medians of the rounds)
  local n=$1 r f g rps=() p50=() p99=() nginx=() nginx_p99=() ratios=() rounds=()
  F_WRK_ERR=0
  for r in $(seq 1 "$ROUNDS"); do
    f="$WORK/wrk-service-$n-$r.txt"
    g="$WORK/wrk-nginx-$n-$r.txt"
    rps+=("$(wrk_var "$f" rps)"); p50+=("$(wrk_var "$f" p50_ms)"); p99+=("$(wrk_var "$f" p99_ms)")
    nginx+=("$(wrk_var "$g" rps)"); nginx_p99+=("$(wrk_var "$g" p99_ms)")
    ratios+=("$(awk -v s="${rps[-1]}" -v x="${nginx[-1]}" 'BEGIN {printf "%.3f", s / x}')")
    F_WRK_ERR=$(( F_WRK_ERR + $(wrk_var "$f" non2xx) + $(wrk_var "$f" socket_errors) ))
    rounds+=("${rps[-1]}/${nginx[-1]} req/s = $(awk -v x="${ratios[-1]}" 'BEGIN {printf "%.2f", x}') (p99 ${p99[-1]} ms)")
  done
  F_RPS=$(median "${rps[@]}"); F_P50=$(median "${p50[@]}"); F_P99=$(median "${p99[@]}")
  F_NGINX_RPS=$(median "${nginx[@]}"); F_NGINX_P99=$(median "${nginx_p99[@]}")
  F_RATIO=$(awk -v x="$(median "${ratios[@]}")" 'BEGIN {printf "%.2f", x}')
  F_ROUNDS=$(IFS=';'; echo "${rounds[*]}" | sed 's/;/; /g')
  f="$WORK/wrk-dashboard-$n.txt"
  F_DASHWRK_RPS=$(wrk_var "$f" rps); F_DASHWRK_P50=$(wrk_var "$f" p50_ms); F_DASHWRK_P99=$(wrk_var "$f" p99_ms)
  F_DASHWRK_ERR=$(( $(wrk_var "$f" non2xx) + $(wrk_var "$f" socket_errors) ))
  f="$WORK/wrk-cookie-$n.txt"
  F_COOKIE_RPS=$(wrk_var "$f" rps); F_COOKIE_P50=$(wrk_var "$f" p50_ms); F_COOKIE_P99=$(wrk_var "$f" p99_ms)
  F_COOKIE_ERR=$(( $(wrk_var "$f" non2xx) + $(wrk_var "$f" socket_errors) ))
  # The cookie warm-up is the run's first cookie traffic, while the JIT still compiles that path:
  # not measured (no target), but shown, so that a cold tail is seen.
  f="$WORK/wrk-cookie-warmup-$n.txt"
  F_COOKIE_WARM="$(wrk_var "$f" rps) req/s, p99 $(wrk_var "$f" p99_ms) ms, $(( $(wrk_var "$f" non2xx) + $(wrk_var "$f" socket_errors) )) errors"
  local v
  for v in DASHWRK_UPSTREAM BURST_FAILED BURST_TAGS BURST_ALL BURST_STATUSES WRK_UPSTREAM REPEATED RSS DASH_UPSTREAM DASH_DETAIL \
           DASH_FAILED DASH_SECONDS DASH_STATUSES GC; do
    eval "F_$v=\"\${R_${n}_$v}\""
  done
  F_ERRORS=$(( F_WRK_ERR + F_BURST_FAILED + F_DASH_FAILED + F_DASHWRK_ERR + F_COOKIE_ERR ))
  F_RPS_OK=$(pass_if "$F_RATIO >= 0.30 && $F_WRK_ERR == 0")
  F_P99_OK=$(pass_if "$F_P99 <= 25 && $F_WRK_ERR == 0")
  F_BURST_OK=$(pass_if "$F_BURST_TAGS == 1 && $F_BURST_FAILED == 0")
  F_DASH_OK=$(pass_if "$F_DASH_UPSTREAM <= 7 && $F_DASH_FAILED == 0 && $F_DASH_SECONDS <= 300")
}

# Sets the calling function's cores, mem, cpu, java_version and commit (declare them local there):
# what every results file records of the machine and the build.
machine_facts() {
  cores=$(nproc)
  mem=$(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
  cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
  java_version=$("$JAVA" -version 2>&1 | head -1)
  commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
}

# The results table's rows of those facts, with the date.
facts_rows() {
  echo "| date | $(date -u '+%Y-%m-%d %H:%M UTC') |"
  echo "| service commit | $commit |"
  echo "| machine | $cores cores ($cpu), $mem memory |"
  echo "| Java | $java_version |"
}

write_results() {
  STEP="write the results"
  local cores mem cpu java_version commit
  machine_facts
  local calls=$(( DASHBOARD_LOADS * 7 ))

  summarise_run default
  local d_rps=$F_RPS d_p50=$F_P50 d_p99=$F_P99 d_nginx=$F_NGINX_RPS d_nginx_p99=$F_NGINX_P99 d_ratio=$F_RATIO
  local d_rps_ok=$F_RPS_OK d_p99_ok=$F_P99_OK d_burst=$F_BURST_TAGS d_burst_all=$F_BURST_ALL d_burst_ok=$F_BURST_OK
  local d_burst_st=$F_BURST_STATUSES d_dash=$F_DASH_UPSTREAM d_dash_ok=$F_DASH_OK d_dash_s=$F_DASH_SECONDS
  # shellcheck disable=SC2153 # the F_* of runs are set through eval in summarise_run
  local d_dash_detail=$F_DASH_DETAIL d_dash_st=$F_DASH_STATUSES d_rss=$F_RSS d_gc=$F_GC d_errors=$F_ERRORS
  local d_wrk_up=$F_WRK_UPSTREAM d_wrk_err=$F_WRK_ERR d_rounds=$F_ROUNDS d_repeated=$F_REPEATED
  local d_dw_rps=$F_DASHWRK_RPS d_dw_p50=$F_DASHWRK_P50 d_dw_p99=$F_DASHWRK_P99 d_dw_err=$F_DASHWRK_ERR
  local d_dw_up=$F_DASHWRK_UPSTREAM d_dw_ratio
  d_dw_ratio=$(awk -v s="$d_dw_rps" -v n="$d_nginx" 'BEGIN {printf "%.2f", s / n}')
  local d_ck_rps=$F_COOKIE_RPS d_ck_p50=$F_COOKIE_P50 d_ck_p99=$F_COOKIE_P99 d_ck_err=$F_COOKIE_ERR d_ck_ratio
  local d_ck_warm=$F_COOKIE_WARM
  d_ck_ratio=$(awk -v s="$d_ck_rps" -v n="$d_nginx" 'BEGIN {printf "%.2f", s / n}')
  summarise_run xmx256
  local x_ok x_gc_ok
  x_ok=$(pass_if "$F_ERRORS == 0")
  x_gc_ok=$(pass_if "$F_GC < 5")

  mkdir -p "$(dirname "$RESULTS_FILE")"
  {
    echo "# toggl-bff benchmark results"
    echo
    echo "Produced by \`bench/run.sh$( [[ $QUICK == 1 ]] && echo ' --quick')\` — see bench/README.md for what each figure means."
    echo
    echo "| | |"
    echo "|---|---|"
    facts_rows
    echo "| load | wrk -t2 -c64 -d$WRK_DURATION --latency after a $WARMUP_DURATION warm-up, $ROUNDS rounds of service then nginx (figures: medians); $BURST concurrent reads; $DASHBOARD_LOADS dashboard loads |"
    echo "| pinning | $PINNING |"
    echo "| machine load before | $LOAD_BEFORE$(awk -v l="${LOAD_BEFORE%%,*}" -v c="$cores" \
      'BEGIN {if (l + 0 > c) printf ": above the core count before the benchmark started, so other work likely shared the cores and every figure is off; rerun on a quiet machine"}') |"
    echo "| machine load after | $(uptime | sed 's/.*load average: //') (1, 5, 15 min), the benchmark's own wrk and servers included (their busy threads count, so this is no verdict) |"
    echo
    echo "| figure | measured | target | result |"
    echo "|---|---|---|---|"
    echo "| cached read, requests/s | $d_rps req/s = ${d_ratio} × nginx ($d_nginx req/s; the ratio is the median of the rounds' ratios) | ≥ 0.30 × nginx | $d_rps_ok |"
    echo "| cached read, latency | p50 $d_p50 ms, p99 $d_p99 ms (nginx p99 $d_nginx_p99 ms) | p99 ≤ 25 ms | $d_p99_ok |"
    echo "| cached read with a session cookie ($COOKIE_SESSIONS browser sessions) | $d_ck_rps req/s = ${d_ck_ratio} × nginx, p50 $d_ck_p50 ms, p99 $d_ck_p99 ms, $d_ck_err errors | reported | — |"
    echo "| dashboard endpoint, hit | $d_dw_rps req/s = ${d_dw_ratio} × nginx, p50 $d_dw_p50 ms, p99 $d_dw_p99 ms, $d_dw_err errors | reported | — |"
    echo "| coalescing | $d_burst upstream request(s) for $BURST concurrent cold reads ($d_burst_all upstream in all; answers $d_burst_st) | exactly 1 | $d_burst_ok |"
    echo "| dashboard | $d_dash upstream requests for $DASHBOARD_LOADS loads ($calls calls, ${d_dash_s} s) vs $calls for a direct client | ≤ 7 | $d_dash_ok |"
    echo "| memory | RSS $d_rss MB after the throughput run (default heap) | reported | — |"
    echo "| -Xmx256m run, errors | $F_ERRORS (wrk on the cached read $F_WRK_ERR, with session cookies $F_COOKIE_ERR, on the dashboard endpoint $F_DASHWRK_ERR, burst $F_BURST_FAILED, dashboard loads $F_DASH_FAILED) | 0 | $x_ok |"
    echo "| -Xmx256m run, GC time | ${F_GC} % of wall time (RSS $F_RSS MB) | < 5 % | $x_gc_ok |"
    echo "| start-up, \`java -jar\` | ${SERVICE_MEDIAN} s = ${STARTUP_RATIO} × bare application (${BARE_MEDIAN} s) | ≤ 1.5 × bare | $STARTUP_OK |"
    echo "| start-up, extracted + ${CACHED_KIND} (as the container starts) | ${CACHED_SERVICE_MEDIAN} s = ${CACHED_RATIO} × bare application, same method (${CACHED_BARE_MEDIAN} s) | ≤ 1.5 × bare | $CACHED_OK |"
    startup_split_rows
    echo
    echo "## Details"
    echo
    echo "| | default heap | -Xmx256m |"
    echo "|---|---|---|"
    echo "| service requests/s, p50, p99 | $d_rps, $d_p50 ms, $d_p99 ms | $F_RPS, $F_P50 ms, $F_P99 ms |"
    echo "| nginx requests/s (same bytes, same wrk) | $d_nginx | $F_NGINX_RPS |"
    echo "| rounds: service/nginx req/s = ratio (service p99) | $d_rounds | $F_ROUNDS |"
    echo "| cached read with session cookies: req/s, p50, p99, errors | $d_ck_rps, $d_ck_p50 ms, $d_ck_p99 ms, $d_ck_err | $F_COOKIE_RPS, $F_COOKIE_P50 ms, $F_COOKIE_P99 ms, $F_COOKIE_ERR |"
    echo "| cookie warm-up, the first $WARMUP_DURATION of cookie traffic while the JIT compiles its path (not measured, no target) | $d_ck_warm | $F_COOKIE_WARM |"
    echo "| dashboard endpoint: req/s, p50, p99, errors, upstream requests | $d_dw_rps, $d_dw_p50 ms, $d_dw_p99 ms, $d_dw_err, $d_dw_up | $F_DASHWRK_RPS, $F_DASHWRK_P50 ms, $F_DASHWRK_P99 ms, $F_DASHWRK_ERR, $F_DASHWRK_UPSTREAM |"
    echo "| wrk non-2xx/3xx + socket errors | $d_wrk_err | $F_WRK_ERR |"
    echo "| upstream requests during wrk | $d_wrk_up | $F_WRK_UPSTREAM |"
    echo "| cached reads answered as repeats (bff.reads.repeated) during the rounds (the service also counts what was in flight when wrk stopped) | $d_repeated | $F_REPEATED |"
    echo "| coalescing: upstream tags requests (all upstream) | $d_burst ($d_burst_all) | $F_BURST_TAGS ($F_BURST_ALL) |"
    echo "| dashboard: upstream requests, seconds | $d_dash, $d_dash_s s | $F_DASH_UPSTREAM, $F_DASH_SECONDS s |"
    echo "| dashboard answers | $d_dash_st | $F_DASH_STATUSES |"
    echo "| RSS after the throughput run | $d_rss MB | $F_RSS MB |"
    echo "| GC time share (jstat GCT over the measured window) | $d_gc % | $F_GC % |"
    echo "| errors in all (wrk on the cached read, with cookies and on the dashboard endpoint, burst, dashboard loads) | $d_errors | $F_ERRORS |"
    echo
    echo "Dashboard upstream requests (default heap): ${d_dash_detail:-none}."
    echo
    startup_runs
  } >"$RESULTS_FILE"

  SUMMARY=(
    "cached read: $d_rps req/s = ${d_ratio}x nginx ($d_nginx req/s), target >= 0.30x: $d_rps_ok"
    "cached read latency: p50 $d_p50 ms, p99 $d_p99 ms, target p99 <= 25 ms: $d_p99_ok"
    "cached read with session cookies: $d_ck_rps req/s = ${d_ck_ratio}x nginx, p99 $d_ck_p99 ms, $d_ck_err errors"
    "dashboard endpoint hit: $d_dw_rps req/s = ${d_dw_ratio}x nginx, p99 $d_dw_p99 ms, $d_dw_err errors"
    "coalescing: $d_burst upstream request(s) for $BURST concurrent cold reads, target exactly 1: $d_burst_ok"
    "dashboard: $d_dash upstream requests for $DASHBOARD_LOADS loads (direct client: $calls), target <= 7: $d_dash_ok"
    "memory: RSS $d_rss MB after the throughput run (default heap), $F_RSS MB under -Xmx256m"
    "-Xmx256m: $F_ERRORS errors, target 0: $x_ok; GC ${F_GC} % of wall time, target < 5 %: $x_gc_ok"
    "start-up: service ${SERVICE_MEDIAN} s vs bare ${BARE_MEDIAN} s = ${STARTUP_RATIO}x, target <= 1.5x: $STARTUP_OK"
    "start-up with ${CACHED_KIND}: service ${CACHED_SERVICE_MEDIAN} s vs bare ${CACHED_BARE_MEDIAN} s = ${CACHED_RATIO}x, target <= 1.5x: $CACHED_OK"
    "start-up split: its dependencies alone ${SAME_RATIO}x bare, the service ${OWN_RATIO}x its dependencies (with the ${CACHED_KIND}: ${CACHED_SAME_RATIO}x, ${CACHED_OWN_RATIO}x)"
  )
}

# Where the start-up time goes: what the service's dependencies cost with none of its code (the
# application bench/same-deps/generate.py writes), and what its own code adds to that.
startup_split_rows() {
  echo "| start-up, the service's dependencies alone (no code of its own; \`java -jar\` / ${CACHED_KIND}) | ${SAME_MEDIAN} s = ${SAME_RATIO} × bare / ${CACHED_SAME_MEDIAN} s = ${CACHED_SAME_RATIO} × bare | reported | — |"
  echo "| start-up, the service over its dependencies alone (what its own code adds; \`java -jar\` / ${CACHED_KIND}) | ${OWN_RATIO} × / ${CACHED_OWN_RATIO} × | reported | — |"
}

startup_runs() {
  echo "Start-up runs (seconds to \`/actuator/health\` UP): bare ${BARE_STARTS[*]}; service ${SERVICE_STARTS[*]}; the service's dependencies alone ${SAME_STARTS[*]}."
  echo "With the ${CACHED_KIND} after a training run: bare ${CACHED_BARE_STARTS[*]}; service ${CACHED_SERVICE_STARTS[*]}; the service's dependencies alone ${CACHED_SAME_STARTS[*]}."
  echo "The service's first start creates its database and keys in an empty data folder; so does the first start of the application with its dependencies (the service's Flyway migrations)."
}

# bench/run.sh --start-up: the start-up figures alone.
write_startup_results() {
  STEP="write the results"
  local cores mem cpu java_version commit
  machine_facts
  mkdir -p "$(dirname "$RESULTS_FILE")"
  {
    echo "# toggl-bff start-up"
    echo
    echo "Produced by \`bench/run.sh --start-up\` — see bench/README.md for what each figure means."
    echo
    echo "| | |"
    echo "|---|---|"
    facts_rows
    echo "| machine load before | $LOAD_BEFORE |"
    echo
    echo "| figure | measured | target | result |"
    echo "|---|---|---|---|"
    echo "| start-up, \`java -jar\` | ${SERVICE_MEDIAN} s = ${STARTUP_RATIO} × bare application (${BARE_MEDIAN} s) | ≤ 1.5 × bare | $STARTUP_OK |"
    echo "| start-up, extracted + ${CACHED_KIND} (as the container starts) | ${CACHED_SERVICE_MEDIAN} s = ${CACHED_RATIO} × bare application, same method (${CACHED_BARE_MEDIAN} s) | ≤ 1.5 × bare | $CACHED_OK |"
    startup_split_rows
    echo
    startup_runs
  } >"$RESULTS_FILE"
}

# --- scale-out: two instances behind nginx vs one ------------------------------------------

# Redis and PostgreSQL for the shared-state mode: checked, a schema and a key prefix of this run.
prepare_shared_services() {
  STEP="check Redis and PostgreSQL"
  REDIS_HOST=${BENCH_REDIS_HOST:-127.0.0.1}
  REDIS_PORT=${BENCH_REDIS_PORT:-6379}
  PG_HOST=${BENCH_PG_HOST:-127.0.0.1}
  PG_PORT=${BENCH_PG_PORT:-5432}
  PG_DB=${BENCH_PG_DB:-test}
  PG_USER=${BENCH_PG_USER:-postgres}
  PG_PASSWORD=${BENCH_PG_PASSWORD:-}
  command -v psql >/dev/null || die "psql not found (Debian package postgresql-client)"
  command -v redis-cli >/dev/null || die "redis-cli not found (Debian package redis-tools)"
  [[ "$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>&1)" == PONG ]] \
    || die "no Redis answers on $REDIS_HOST:$REDIS_PORT (BENCH_REDIS_HOST / BENCH_REDIS_PORT)"
  PGPASSWORD="$PG_PASSWORD" psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DB" -qtAc 'select 1' >/dev/null 2>&1 \
    || die "no PostgreSQL answers on $PG_HOST:$PG_PORT database $PG_DB as $PG_USER (BENCH_PG_*)"
  local run
  run="$(date +%s)_$$"
  PG_SCHEMA="bench_scale_out_$run"
  REDIS_PREFIX="bench-scale-out-$run"
  CLEANUPS+=("PGPASSWORD='$PG_PASSWORD' psql -h '$PG_HOST' -p '$PG_PORT' -U '$PG_USER' -d '$PG_DB' -qc 'DROP SCHEMA IF EXISTS $PG_SCHEMA CASCADE' >/dev/null 2>&1")
  CLEANUPS+=("redis-cli -h '$REDIS_HOST' -p '$REDIS_PORT' --scan --pattern '$REDIS_PREFIX:*' | xargs -r -n 500 redis-cli -h '$REDIS_HOST' -p '$REDIS_PORT' del >/dev/null 2>&1")
  log "shared state: Redis $REDIS_HOST:$REDIS_PORT prefix $REDIS_PREFIX, PostgreSQL $PG_HOST:$PG_PORT/$PG_DB schema $PG_SCHEMA"
}

# start_shared_instance NAME: one instance in shared-state mode (the embedded default's settings,
# with PostgreSQL and Redis set), sharing the data folder (token and vault keys) with the others.
# Sets PORT_<NAME> and PID_<NAME>.
start_shared_instance() {
  local name=$1 port logfile="$WORK/service-$1.log"
  STEP="start instance $name"
  port=$(free_port)
  "$JAVA" "${SERVICE_JAVA_OPTS[@]}" -Xlog:gc:file="$WORK/gc-$name.log" -jar "$SERVICE_JAR" --server.port="$port" \
    --bff.maton.base-url="$WM" --bff.data-dir="$WORK/data-scale-out" \
    --spring.datasource.url="jdbc:postgresql://$PG_HOST:$PG_PORT/$PG_DB?currentSchema=$PG_SCHEMA" \
    --spring.datasource.username="$PG_USER" --spring.datasource.password="$PG_PASSWORD" \
    --spring.flyway.default-schema="$PG_SCHEMA" --spring.flyway.create-schemas=true \
    --spring.data.redis.host="$REDIS_HOST" --spring.data.redis.port="$REDIS_PORT" \
    --bff.shared.key-prefix="$REDIS_PREFIX" "${SERVICE_EXTRA_ARGS[@]}" >"$logfile" 2>&1 &
  local pid=$!
  PIDS+=("$pid")
  wait_up "instance $name" "$pid" "http://127.0.0.1:$port/actuator/health" "$logfile" 180
  eval "PORT_$name=$port PID_$name=$pid"
  log "instance $name up on 127.0.0.1:$port, pid $pid"
}

# One nginx: the static reference, a load balancer over instance A alone and one over A and B, with
# deploy/nginx.conf's proxy settings (round robin, keep-alive connections to the instances).
start_balancer() {
  STEP="start nginx as the load balancer"
  local dir="$WORK/nginx-scale-out"
  mkdir -p "$dir/root" "$dir/temp"
  STATIC_PORT=$(free_port); LB1_PORT=$(free_port); LB2_PORT=$(free_port)
  local proxy='proxy_http_version 1.1; proxy_set_header Connection ""; proxy_next_upstream error timeout http_502 http_503;
            proxy_set_header Host $host; proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme; proxy_set_header X-Forwarded-Host $host;
            proxy_set_header X-Forwarded-Port $server_port;'
  cat >"$dir/nginx.conf" <<CONF
worker_processes auto;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
$(nginx_http_common "$dir")
    upstream one_instance { server 127.0.0.1:$PORT_a max_fails=1 fail_timeout=5s; keepalive 32; }
    upstream two_instances {
        server 127.0.0.1:$PORT_a max_fails=1 fail_timeout=5s;
        server 127.0.0.1:$PORT_b max_fails=1 fail_timeout=5s;
        keepalive 32;
    }
    server { listen 127.0.0.1:$STATIC_PORT; root $dir/root; location / { } }
    server { listen 127.0.0.1:$LB1_PORT; location / { proxy_pass http://one_instance; $proxy } }
    server { listen 127.0.0.1:$LB2_PORT; location / { proxy_pass http://two_instances; $proxy } }
}
CONF
  "$NGINX" -t -q -e "$dir/error.log" -p "$dir" -c "$dir/nginx.conf" || die "nginx rejected $dir/nginx.conf"
  "$NGINX" -e "$dir/error.log" -p "$dir" -c "$dir/nginx.conf" -g 'daemon off;' &
  NGINX_PID=$!
  PIDS+=("$NGINX_PID")
  local deadline=$(( $(now_ns) + 20 * 1000000000 ))
  until curl -s -o /dev/null "http://127.0.0.1:$STATIC_PORT/"; do
    kill -0 "$NGINX_PID" 2>/dev/null || die "nginx exited (log: $dir/error.log)"
    (( $(now_ns) < deadline )) || die "nginx not up after 20s"
    sleep 0.1
  done
  NGINX_ROOT="$dir/root"
  log "nginx: static 127.0.0.1:$STATIC_PORT, one instance 127.0.0.1:$LB1_PORT, two instances 127.0.0.1:$LB2_PORT"
}

cpu_ticks() { # cpu_ticks PID...: user+system clock ticks of the processes (and their threads)
  local pid total=0
  for pid in "$@"; do
    total=$(( total + $(awk '{print $14 + $15}' "/proc/$pid/stat") ))
  done
  echo "$total"
}

machine_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9, $5 + $6}' /proc/stat; }

# measure_target NAME URL: wrk on URL; upstream requests and CPU time of each process during it.
measure_target() {
  local name=$1 url=$2 a0 b0 e0 n0 m0 a1 b1 e1 n1 m1
  STEP="cached read ($name)"
  reset_journal
  a0=$(cpu_ticks "$PID_a"); b0=$(cpu_ticks "$PID_b"); e0=$(cpu_ticks "$PID_e")
  n0=$(cpu_ticks $(pgrep -P "$NGINX_PID") "$NGINX_PID"); m0=$(machine_ticks)
  log "wrk $WRK_DURATION: $name"
  run_wrk "$url" "$WORK/wrk-scale-out-$name.txt"
  a1=$(cpu_ticks "$PID_a"); b1=$(cpu_ticks "$PID_b"); e1=$(cpu_ticks "$PID_e")
  n1=$(cpu_ticks $(pgrep -P "$NGINX_PID") "$NGINX_PID"); m1=$(machine_ticks)
  local hz
  hz=$(getconf CLK_TCK)
  eval "S_${name}_UPSTREAM=$(upstream_count)"
  eval "S_${name}_CPU_A=$(awk -v d=$((a1 - a0)) -v hz="$hz" 'BEGIN {printf "%.1f", d / hz}')"
  eval "S_${name}_CPU_B=$(awk -v d=$((b1 - b0)) -v hz="$hz" 'BEGIN {printf "%.1f", d / hz}')"
  eval "S_${name}_CPU_E=$(awk -v d=$((e1 - e0)) -v hz="$hz" 'BEGIN {printf "%.1f", d / hz}')"
  eval "S_${name}_CPU_NGINX=$(awk -v d=$((n1 - n0)) -v hz="$hz" 'BEGIN {printf "%.1f", d / hz}')"
  eval "S_${name}_BUSY=$(awk -v a="$m0" -v b="$m1" 'BEGIN {split(a, x, " "); split(b, y, " ");
    total = y[1] - x[1]; idle = y[2] - x[2]; printf "%.0f", 100 * (total - idle) / total}')"
  log "$name: $(tr '\n' ' ' <"$WORK/wrk-scale-out-$name.txt.vars")"
}

scale_out_run() {
  prepare_shared_services
  rm -rf "$WORK/data-scale-out"
  # A first: it creates the schema and the keys in the data folder, which B then reads.
  start_shared_instance a
  start_shared_instance b
  # E: the embedded default (H2, no Redis), for what shared-state mode costs one instance.
  STEP="start instance e (embedded default)"
  PORT_e=$(free_port)
  rm -rf "$WORK/data-embedded"
  start_service "$PORT_e" "$WORK/data-embedded" "$WORK/service-e.log" -Xlog:gc:file="$WORK/gc-e.log"
  PID_e=$SERVICE_PID
  wait_up "instance e" "$PID_e" "http://127.0.0.1:$PORT_e/actuator/health" "$WORK/service-e.log" 180
  log "instance e (embedded default) up on 127.0.0.1:$PORT_e, pid $PID_e"
  start_balancer

  BASE="http://127.0.0.1:$PORT_e"
  set_up_user "bench.owner"
  local path_e="/api/v1/teams/$TEAM/projects" token_e
  call "first read of the team's projects on e" 200 GET "$path_e"
  token_e=$TOKEN

  BASE="http://127.0.0.1:$LB2_PORT"
  set_up_user "bench.owner"
  local path="/api/v1/teams/$TEAM/projects"
  call "first read of the team's projects" 200 GET "$path"
  [[ -s $WORK/answer.json ]] || die "empty projects answer"
  cp "$WORK/answer.json" "$NGINX_ROOT/projects.json"
  chmod a+r "$NGINX_ROOT/projects.json"
  STEP="check the answers"
  local port
  for port in "$PORT_a" "$PORT_b" "$LB1_PORT" "$LB2_PORT"; do
    cmp -s "$NGINX_ROOT/projects.json" <(curl -s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$port$path") \
      || die "127.0.0.1:$port does not answer the same projects"
  done
  cmp -s "$NGINX_ROOT/projects.json" <(curl -s "http://127.0.0.1:$STATIC_PORT/projects.json") \
    || die "nginx does not serve the service's bytes"

  STEP="warm-up"
  log "wrk warm-up $WARMUP_DURATION through the balancer (both instances), 5s on nginx"
  wrk -t2 -c64 -d"$WARMUP_DURATION" -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$LB2_PORT$path" \
    >"$WORK/wrk-warmup-scale-out.txt" 2>&1 || die "wrk warm-up failed: $(tail -3 "$WORK/wrk-warmup-scale-out.txt")"
  wrk -t2 -c64 -d5s "http://127.0.0.1:$STATIC_PORT/projects.json" >/dev/null 2>&1 || die "wrk warm-up on nginx failed"
  log "wrk warm-up $WARMUP_DURATION on instance e"
  wrk -t2 -c64 -d"$WARMUP_DURATION" -H "Authorization: Bearer $token_e" "http://127.0.0.1:$PORT_e$path_e" \
    >"$WORK/wrk-warmup-scale-out-e.txt" 2>&1 || die "wrk warm-up on e failed: $(tail -3 "$WORK/wrk-warmup-scale-out-e.txt")"

  measure_target static "http://127.0.0.1:$STATIC_PORT/projects.json"
  measure_target direct "http://127.0.0.1:$PORT_a$path"
  local token_shared=$TOKEN
  TOKEN=$token_e
  measure_target embedded "http://127.0.0.1:$PORT_e$path_e"
  TOKEN=$token_shared
  measure_target one "http://127.0.0.1:$LB1_PORT$path"
  measure_target two "http://127.0.0.1:$LB2_PORT$path"
  # Twice each, in turns: the machine's other load moves; the table shows both rounds.
  measure_target one2 "http://127.0.0.1:$LB1_PORT$path"
  measure_target two2 "http://127.0.0.1:$LB2_PORT$path"
  measure_target static2 "http://127.0.0.1:$STATIC_PORT/projects.json"
  eval "S_RSS_A=$(rss_mb "$PID_a") S_RSS_B=$(rss_mb "$PID_b") S_RSS_E=$(rss_mb "$PID_e")"
}

write_scale_out_results() {
  STEP="write the results"
  local cores mem cpu java_version commit name f
  machine_facts
  for name in static direct embedded one two one2 two2 static2; do
    f="$WORK/wrk-scale-out-$name.txt"
    eval "W_${name}_RPS=$(wrk_var "$f" rps) W_${name}_P50=$(wrk_var "$f" p50_ms) W_${name}_P99=$(wrk_var "$f" p99_ms)"
    eval "W_${name}_ERR=$(( $(wrk_var "$f" non2xx) + $(wrk_var "$f" socket_errors) ))"
  done
  local ratio ratio2 ok
  ratio=$(awk -v t="$W_two_RPS" -v o="$W_one_RPS" 'BEGIN {printf "%.2f", t / o}')
  ratio2=$(awk -v t="$W_two2_RPS" -v o="$W_one2_RPS" 'BEGIN {printf "%.2f", t / o}')
  ok=$(pass_if "$W_two_ERR + $W_two2_ERR + $W_one_ERR + $W_one2_ERR == 0 && $S_two_UPSTREAM + $S_two2_UPSTREAM == 0")
  row() { # row LABEL NAME
    local n=$2 rps p50 p99 err up ca cb ce cn busy
    eval "rps=\$W_${n}_RPS p50=\$W_${n}_P50 p99=\$W_${n}_P99 err=\$W_${n}_ERR up=\$S_${n}_UPSTREAM"
    eval "ca=\$S_${n}_CPU_A cb=\$S_${n}_CPU_B ce=\$S_${n}_CPU_E cn=\$S_${n}_CPU_NGINX busy=\$S_${n}_BUSY"
    local share
    share=$(awk -v s="$rps" -v n="$3" 'BEGIN {printf "%.2f", s / n}')
    echo "| $1 | $rps | $share × | $p50 ms | $p99 ms | $err | $up | $ca s / $cb s / $ce s / $cn s | $busy % |"
  }
  mkdir -p "$(dirname "$RESULTS_FILE")"
  {
    echo "# toggl-bff scale-out benchmark"
    echo
    echo "Produced by \`bench/run.sh --scale-out$( [[ $QUICK == 1 ]] && echo ' --quick')\` — see bench/README.md."
    echo
    echo "| | |"
    echo "|---|---|"
    facts_rows
    echo "| instances | shared-state mode: Redis $REDIS_HOST:$REDIS_PORT (key prefix of the run), PostgreSQL $PG_HOST:$PG_PORT/$PG_DB (schema of the run), one data folder (token and vault keys); default heap; RSS after the runs A $S_RSS_A MB, B $S_RSS_B MB; E: the embedded default (H2, no Redis, own data folder), idle while the others are measured, RSS $S_RSS_E MB |"
    echo "| load balancer | nginx round robin, keep-alive connections to the instances, deploy/nginx.conf's proxy settings |"
    echo "| load | wrk -t2 -c64 -d$WRK_DURATION --latency, one user's \`GET /api/v1/teams/{id}/projects\` (a cached read) after a $WARMUP_DURATION warm-up through the balancer; each target twice, in turns |"
    echo
    echo "| figure | measured | target | result |"
    echo "|---|---|---|---|"
    echo "| cached read, two instances vs one behind nginx | ${ratio} × (round 1: $W_two_RPS vs $W_one_RPS req/s), ${ratio2} × (round 2: $W_two2_RPS vs $W_one2_RPS req/s) | reported (2 cores: no doubling expected) | — |"
    echo "| errors and upstream requests with two instances | wrk errors $((W_two_ERR + W_two2_ERR)), upstream requests $((S_two_UPSTREAM + S_two2_UPSTREAM)) (one instance: $((W_one_ERR + W_one2_ERR)), $((S_one_UPSTREAM + S_one2_UPSTREAM))) | 0 and 0 | $ok |"
    echo
    echo "| target | requests/s | × nginx static (same round) | p50 | p99 | wrk errors | upstream requests | CPU seconds A / B / E / nginx | machine busy |"
    echo "|---|---|---|---|---|---|---|---|---|"
    row "nginx static file (round 1)" static "$W_static_RPS"
    row "instance A directly, no proxy" direct "$W_static_RPS"
    row "instance E directly: embedded default (H2, no Redis), for comparison" embedded "$W_static_RPS"
    row "nginx → instance A (round 1)" one "$W_static_RPS"
    row "nginx → A and B, round robin (round 1)" two "$W_static_RPS"
    row "nginx → instance A (round 2)" one2 "$W_static2_RPS"
    row "nginx → A and B, round robin (round 2)" two2 "$W_static2_RPS"
    row "nginx static file (round 2)" static2 "$W_static2_RPS"
  } >"$RESULTS_FILE"
  SUMMARY=(
    "scale-out: two instances behind nginx ${ratio}x / ${ratio2}x one instance ($W_two_RPS / $W_two2_RPS vs $W_one_RPS / $W_one2_RPS req/s)"
    "scale-out: p99 two instances $W_two_P99 / $W_two2_P99 ms, one $W_one_P99 / $W_one2_P99 ms; nginx static $W_static_RPS / $W_static2_RPS req/s"
    "scale-out: errors and upstream requests with two instances: $ok"
    "scale-out: one instance directly $W_direct_RPS req/s in shared-state mode, $W_embedded_RPS req/s in the embedded default"
  )
}

# --- main -----------------------------------------------------------------------------------

main() {
  parse_args "$@"
  trap cleanup EXIT
  cd "$ROOT"
  mkdir -p "$WORK"
  LOAD_BEFORE="$(uptime | sed 's/.*load average: //') (1, 5, 15 min) on $(nproc) cores"
  log "machine load before: $LOAD_BEFORE"
  ensure_tools
  build
  start_stand_in
  if [[ $START_UP_ONLY == 1 ]]; then
    measure_startups
    write_startup_results
  elif [[ $SCALE_OUT == 1 ]]; then
    scale_out_run
    write_scale_out_results
  else
    measure_startups
    service_run default
    service_run xmx256 -Xmx256m
    write_results
  fi
  STEP="done"
  log "results in ${RESULTS_FILE#"$ROOT"/}"
  printf '%s\n' "${SUMMARY[@]}"
}

# Sourcing the file (to try one step at a time) defines the steps without running them.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  main "$@"
fi
