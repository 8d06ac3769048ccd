#!/usr/bin/env bash
# The first 30 s of cookie traffic after a start, by how the JVM's AOT cache (JDK 25+) was trained:
# none, a training run that only starts the context (what the Dockerfile does), and a training run
# that also serves API traffic (cookie sign-ins, a sandbox key, a team, cookie reads), whose method
# profiles the cache keeps. Each variant starts fresh on the embedded default, pinned apart from
# wrk, and meets 64 connections of cookie reads of a team's projects (from the built-in sandbox).
# Prints a Markdown table; nothing is written to bench/results/. See bench/README.md.
# Usage: bench/aot-training.sh [JAR] [RUNS]   (default: target/toggl-bff-*.jar, 2 runs)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$ROOT/bench/work/aot-training"
JAVA=${BENCH_JAVA:-$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -n 1)/bin/java}
[[ -x $JAVA ]] || JAVA=java
LOAD="$ROOT/bench/lib/load.py"
PASSWORD="bench-password-0001"
JAR=${1:-$(ls "$ROOT"/target/toggl-bff-*.jar | head -n 1)}
RUNS=${2:-2}
CORES=$(nproc)
SERVICE_PIN=() WRK_PIN=()
if (( CORES >= 2 )); then
  SERVICE_PIN=(taskset -c "0-$((CORES - 2))")
  WRK_PIN=(taskset -c "$((CORES - 1))")
fi
PID=""
cleanup() {
  if [[ -n $PID ]]; then
    kill "$PID" 2>/dev/null || true
    wait "$PID" 2>/dev/null || true
  fi
  PID=""
}
trap cleanup EXIT

wait_up() { # port
  for _ in $(seq 1 600); do
    curl -sf "http://127.0.0.1:$1/actuator/health" >/dev/null && return 0
    kill -0 "$PID" 2>/dev/null || { echo "the service exited (log: $WORK/service.log)" >&2; exit 1; }
    sleep 0.1
  done
  echo "the service did not start (log: $WORK/service.log)" >&2
  exit 1
}

# set_up PORT: a user with 32 browser sessions (cookies in $WORK/cookies), a sandbox key and a
# team on the sandbox workspace; sets TEAM.
set_up() {
  local base="http://127.0.0.1:$1/api/v1" json='Content-Type: application/json' cookie
  curl -sf -o /dev/null -H "$json" -d "{\"username\":\"aot.bench\",\"password\":\"$PASSWORD\"}" "$base/auth/register"
  : >"$WORK/cookies"
  for _ in $(seq 1 32); do
    curl -sf -D - -o /dev/null -H "$json" -H 'X-CSRF: 1' \
      -d "{\"username\":\"aot.bench\",\"password\":\"$PASSWORD\"}" "$base/auth/session" \
      | awk 'tolower($1) == "set-cookie:" {sub(/;.*/, "", $2); print $2}' | tr -d '\r' >>"$WORK/cookies"
  done
  [[ $(grep -c . "$WORK/cookies") == 32 ]] || { echo "expected 32 session cookies" >&2; exit 1; }
  cookie=$(head -n 1 "$WORK/cookies")
  curl -sf -o /dev/null -X PUT -H "Cookie: $cookie" -H 'X-CSRF: 1' -H "$json" -d '{"apiKey":"sandbox_aot_bench"}' \
    "$base/me/maton-key"
  TEAM=$(curl -sf -H "Cookie: $cookie" -H 'X-CSRF: 1' -H "$json" -d '{"name":"AOT bench","workspaceId":9100001}' \
    "$base/teams" | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')
  cat >"$WORK/cookies.lua" <<LUA
local cookies = {}
local n = 0
function init(args)
  for line in io.lines("$WORK/cookies") do cookies[#cookies + 1] = line end
end
function request()
  n = n + 1
  return wrk.format("GET", nil, {["Cookie"] = cookies[(n % #cookies) + 1], ["X-CSRF"] = "1"})
end
LUA
}

train() {
  local port
  rm -rf "$WORK/data"
  (cd "$WORK/app" && "$JAVA" -XX:AOTCacheOutput="$WORK/start-up.aot" -Dspring.context.exit=onRefresh \
    -jar application.jar --bff.data-dir="$WORK/data" --server.port=0 >"$WORK/training.log" 2>&1) \
    || { echo "the start-up training run failed (log: $WORK/training.log)" >&2; exit 1; }
  rm -rf "$WORK/data"
  port=$(python3 "$LOAD" free-port)
  (cd "$WORK/app" && exec "$JAVA" -XX:AOTCacheOutput="$WORK/traffic.aot" -jar application.jar \
    --bff.data-dir="$WORK/data" --server.port="$port" >"$WORK/service.log" 2>&1) &
  PID=$!
  wait_up "$port"
  set_up "$port"
  wrk -t2 -c16 -d20s -s "$WORK/cookies.lua" "http://127.0.0.1:$port/api/v1/teams/$TEAM/projects" >/dev/null
  wrk -t2 -c16 -d10s -s "$WORK/cookies.lua" "http://127.0.0.1:$port/api/v1/auth/session" >/dev/null
  cleanup # the cache is written as the JVM exits
  [[ -s $WORK/start-up.aot && -s $WORK/traffic.aot ]] || { echo "no AOT cache written" >&2; exit 1; }
}

measure() { # label [JVM option]
  local label=$1 port out
  shift
  rm -rf "$WORK/data"
  port=$(python3 "$LOAD" free-port)
  (cd "$WORK/app" && exec "${SERVICE_PIN[@]}" "$JAVA" "$@" -jar application.jar --bff.data-dir="$WORK/data" \
    --server.port="$port" >"$WORK/service.log" 2>&1) &
  PID=$!
  wait_up "$port"
  set_up "$port"
  out=$("${WRK_PIN[@]}" wrk -t2 -c64 -d30s --latency -s "$WORK/cookies.lua" \
    "http://127.0.0.1:$port/api/v1/teams/$TEAM/projects")
  printf '| %s | %s req/s | %s | %s | %s |\n' "$label" "$(awk '/Requests\/sec/ {printf "%d", $2}' <<<"$out")" \
    "$(awk '$1 == "50%" {print $2}' <<<"$out")" "$(awk '$1 == "99%" {print $2}' <<<"$out")" \
    "$(awk '/Socket errors/ {gsub(",", ""); print $NF; found=1} END {if (!found) print 0}' <<<"$out")"
  cleanup
}

main() {
  command -v wrk >/dev/null || { echo "wrk is missing (apt-get install wrk)" >&2; exit 1; }
  "$JAVA" -XX:+PrintFlagsFinal -version 2>/dev/null | grep -q ' AOTCacheOutput ' \
    || { echo "$JAVA has no AOT cache output (JDK 25 or newer is needed)" >&2; exit 1; }
  rm -rf "$WORK"
  mkdir -p "$WORK"
  "$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$WORK/app" >/dev/null
  mv "$WORK/app/$(basename "$JAR")" "$WORK/app/application.jar"
  train
  echo "| AOT cache | requests/s | p50 | p99 | wrk time-outs (> 2 s) |"
  echo "|---|---|---|---|---|"
  local run
  for run in $(seq 1 "$RUNS"); do
    measure "none (run $run)"
    measure "trained by start-up only, as the Dockerfile (run $run)" -XX:AOTCache="$WORK/start-up.aot"
    measure "trained with API traffic (run $run)" -XX:AOTCache="$WORK/traffic.aot"
  done
}

main "$@"
