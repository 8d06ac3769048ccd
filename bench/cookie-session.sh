#!/usr/bin/env bash
# Cookie-mode calls of one browser session: requests/s and latency of GET /api/v1/auth/session
# with the session cookie, and how many times the session row was written meanwhile. Compares the
# jars given (e.g. two builds of the service), each on a fresh embedded H2 database and, when
# PostgreSQL answers (BENCH_PG_*), on a fresh schema of its own there, where the row writes are
# counted (pg_stat_user_tables). See bench/README.md.
# Usage: bench/cookie-session.sh [JAR...]   (default: target/toggl-bff-*.jar)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$ROOT/bench/work/cookie-session"
JAVA=${BENCH_JAVA:-$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -n 1)/bin/java}
[[ -x $JAVA ]] || JAVA=java
PG_HOST=${BENCH_PG_HOST:-127.0.0.1} PG_PORT=${BENCH_PG_PORT:-5432} PG_DB=${BENCH_PG_DB:-test}
PG_USER=${BENCH_PG_USER:-postgres}
export PGPASSWORD=${BENCH_PG_PASSWORD:-} PGOPTIONS="-c client_min_messages=warning"
LOAD="$ROOT/bench/lib/load.py"
PASSWORD="bench-password-0001"
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
}
trap cleanup EXIT

psql_q() { psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DB" -qAtX -c "$1"; }

session_updates() { # schema
  psql_q "SELECT coalesce(sum(n_tup_upd), 0) FROM pg_stat_user_tables WHERE schemaname = '$1' AND relname = 'spring_session'"
}

run() { # jar label [service argument...]
  local jar=$1 label=$2 cookie before after out writes="—" PORT
  shift 2
  PORT=$(python3 "$LOAD" free-port)
  rm -rf "$WORK/data"
  "${SERVICE_PIN[@]}" "$JAVA" -jar "$jar" --server.port=$PORT --bff.data-dir="$WORK/data" \
    --bff.maton.base-url=http://127.0.0.1:9 "$@" >"$WORK/service.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:$PORT/actuator/health" >/dev/null && break
    kill -0 "$PID" 2>/dev/null || { echo "the service did not start (log: $WORK/service.log)" >&2; exit 1; }
    sleep 0.2
  done
  curl -sf -X POST "http://127.0.0.1:$PORT/api/v1/auth/register" -H 'Content-Type: application/json' \
    -d "{\"username\":\"cookie-bench\",\"password\":\"$PASSWORD\"}" >/dev/null
  cookie=$(curl -sf -D - -o /dev/null -X POST "http://127.0.0.1:$PORT/api/v1/auth/session" -H 'X-CSRF: 1' \
    -H 'Content-Type: application/json' -d "{\"username\":\"cookie-bench\",\"password\":\"$PASSWORD\"}" \
    | awk 'tolower($1) == "set-cookie:" {sub(/;.*/, "", $2); print $2}' | tr -d '\r')
  [[ -n $cookie ]] || { echo "no session cookie from the sign-in" >&2; exit 1; }
  local target="http://127.0.0.1:$PORT/api/v1/auth/session"
  "${WRK_PIN[@]}" wrk -t2 -c64 -d15s -H "Cookie: $cookie" -H 'X-CSRF: 1' "$target" >/dev/null
  before=${SCHEMA:+$(session_updates "$SCHEMA")}
  out=$("${WRK_PIN[@]}" wrk -t2 -c64 -d20s --latency -H "Cookie: $cookie" -H 'X-CSRF: 1' "$target")
  sleep 1
  if [[ -n $SCHEMA ]]; then
    after=$(session_updates "$SCHEMA")
    writes=$((after - before))
  fi
  printf '| %s | %s | %s req/s | %s | %s | %s | %s |\n' "$(basename "$jar")" "$label" \
    "$(awk '/Requests\/sec/ {printf "%d", $2}' <<<"$out")" "$(awk '$1 == "50%" {print $2}' <<<"$out")" \
    "$(awk '$1 == "99%" {print $2}' <<<"$out")" "$(awk '/Non-2xx/ {print $NF; found=1} END {if (!found) print 0}' <<<"$out")" \
    "$writes"
  cleanup
  PID=""
}

main() {
  local jars=("$@")
  (( ${#jars[@]} )) || jars=("$ROOT"/target/toggl-bff-*.jar)
  command -v wrk >/dev/null || { echo "wrk is missing (apt-get install wrk)" >&2; exit 1; }
  mkdir -p "$WORK"
  echo "| jar | database | requests/s | p50 | p99 | non-2xx | session-row updates |"
  echo "|---|---|---|---|---|---|---|"
  local jar
  for jar in "${jars[@]}"; do
    SCHEMA="" run "$jar" "H2 (embedded default)"
    if command -v psql >/dev/null && psql_q "SELECT 1" >/dev/null 2>&1; then
      SCHEMA="bench_cookie_$$"
      psql_q "DROP SCHEMA IF EXISTS $SCHEMA CASCADE; CREATE SCHEMA $SCHEMA" >/dev/null
      run "$jar" "PostgreSQL" \
        --spring.datasource.url="jdbc:postgresql://$PG_HOST:$PG_PORT/$PG_DB?currentSchema=$SCHEMA" \
        --spring.datasource.username="$PG_USER" --spring.datasource.password="$PGPASSWORD" \
        --spring.flyway.schemas="$SCHEMA"
      psql_q "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null
    fi
  done
}

main "$@"
