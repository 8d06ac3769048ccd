#!/usr/bin/env bash
# The first 30 s of cookie traffic after a start, by how the JVM's AOT cache (JDK 25+) was trained:
# none, a training run that only starts the context (what the Dockerfile does), and a training run
# that also serves API traffic (cookie sign-ins, a sandbox key, a team, cookie reads), whose method
# profiles the cache keeps. Each variant starts fresh on the embedded default, pinned apart from
# wrk, and meets 64 connections of cookie reads of a team's projects (from the built-in sandbox).
# Prints a Markdown table; nothing is written to bench/results/. See bench/README.md.
# Usage: bench/aot-training.sh [JAR] [RUNS]   (default: target/toggl-bff-*.jar, 2 runs)
set -euo pipefail

# The harness's own steps (pinning, process clean-up, free ports, wrk in cookie mode), without its main.
# shellcheck source=bench/run.sh
source "$(dirname "${BASH_SOURCE[0]}")/run.sh"
WORK="$ROOT/bench/work/aot-training"
JAR=${1:-$(ls "$ROOT"/target/toggl-bff-*.jar | head -n 1)}
RUNS=${2:-2}
WRK_DURATION=30s
trap cleanup EXIT


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
  [[ $(grep -c . "$WORK/cookies") == 32 ]] || die "expected 32 session cookies"
  cookie=$(head -n 1 "$WORK/cookies")
  curl -sf -o /dev/null -X PUT -H "Cookie: $cookie" -H 'X-CSRF: 1' -H "$json" -d '{"apiKey":"sandbox_aot_bench"}' \
    "$base/me/maton-key"
  TEAM=$(curl -sf -H "Cookie: $cookie" -H 'X-CSRF: 1' -H "$json" -d '{"name":"AOT bench","workspaceId":9100001}' \
    "$base/teams" | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')
}

# start PORT LOG [JVM option...]: the extracted service on a fresh data folder; sets PID.
start() {
  local port=$1 logfile=$2
  shift 2
  rm -rf "$WORK/data"
  (cd "$WORK/app" && exec "$@" -jar application.jar --bff.data-dir="$WORK/data" --server.port="$port" \
    >"$logfile" 2>&1) &
  PID=$!
  PIDS+=("$PID")
  wait_up "service" "$PID" "http://127.0.0.1:$port/actuator/health" "$logfile" 180
}

train() {
  STEP="training run, start-up only"
  rm -rf "$WORK/data"
  (cd "$WORK/app" && "$JAVA" -XX:AOTCacheOutput="$WORK/start-up.aot" -Dspring.context.exit=onRefresh \
    -jar application.jar --bff.data-dir="$WORK/data" --server.port=0 >"$WORK/training.log" 2>&1) \
    || die "log: $WORK/training.log"
  STEP="training run with API traffic"
  local port
  port=$(free_port)
  start "$port" "$WORK/training-traffic.log" "$JAVA" -XX:AOTCacheOutput="$WORK/traffic.aot"
  set_up "$port"
  WRK_DURATION=20s run_wrk_cookies "http://127.0.0.1:$port/api/v1/teams/$TEAM/projects" "$WORK/wrk-training.txt" \
    "$WORK/cookies"
  WRK_DURATION=10s run_wrk_cookies "http://127.0.0.1:$port/api/v1/auth/session" "$WORK/wrk-training.txt" \
    "$WORK/cookies"
  stop_pid "$PID" # the cache is written as the JVM exits
  [[ -s $WORK/start-up.aot && -s $WORK/traffic.aot ]] || die "no AOT cache written"
}

measure() { # label [JVM option]
  local label=$1 port f="$WORK/wrk-first.txt"
  shift
  STEP="first traffic: $label"
  port=$(free_port)
  start "$port" "$WORK/service.log" "${PIN_SERVER[@]}" "$JAVA" "$@"
  set_up "$port"
  run_wrk_cookies "http://127.0.0.1:$port/api/v1/teams/$TEAM/projects" "$f" "$WORK/cookies"
  printf '| %s | %s req/s | %s ms | %s ms | %s |\n' "$label" "$(wrk_var "$f" rps)" "$(wrk_var "$f" p50_ms)" \
    "$(wrk_var "$f" p99_ms)" "$(wrk_var "$f" socket_errors)"
  stop_pid "$PID"
}

main() {
  command -v wrk >/dev/null || die "wrk is missing (apt-get install wrk)"
  "$JAVA" -XX:+PrintFlagsFinal -version 2>/dev/null | grep -q ' AOTCacheOutput ' \
    || die "$JAVA has no AOT cache output (JDK 25 or newer is needed)"
  rm -rf "$WORK"
  mkdir -p "$WORK"
  "$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$WORK/app" >/dev/null
  mv "$WORK/app/$(basename "$JAR")" "$WORK/app/application.jar"
  train
  echo "| AOT cache | requests/s | p50 | p99 | wrk socket errors (time-outs > 2 s) |"
  echo "|---|---|---|---|---|"
  local run
  for run in $(seq 1 "$RUNS"); do
    measure "none (run $run)"
    measure "trained by start-up only, as the Dockerfile (run $run)" -XX:AOTCache="$WORK/start-up.aot"
    measure "trained with API traffic (run $run)" -XX:AOTCache="$WORK/traffic.aot"
  done
}

main "$@"
