#!/usr/bin/env bash
# Cookie-mode calls of one browser session: requests/s and latency of two reads with the session
# cookie, GET /api/v1/auth/session (a handler's JSON) and GET /api/v1/teams/{id}/projects (a stored
# answer from the built-in sandbox, written before the request ends), and how many times the
# session row was read and written meanwhile. Compares the jars given (e.g. two builds of the
# service), each on a fresh embedded H2 database and, when PostgreSQL answers (BENCH_PG_*), on a
# fresh schema of its own there, where the row reads and writes are counted (pg_stat_user_tables).
# See bench/README.md.
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

session_stats() { # schema: "updates scans" of the spring_session table
  psql_q "SELECT coalesce(sum(n_tup_upd), 0) || ' ' || coalesce(sum(seq_scan + coalesce(idx_scan, 0)), 0)
    FROM pg_stat_user_tables WHERE schemaname = '$1' AND relname = 'spring_session'"
}

warm_up() { # TARGET: 15 s of the same load, unmeasured, so that the JIT has compiled the path
  "${WRK_PIN[@]}" wrk -t2 -c64 -d15s -H "Cookie: $COOKIE" -H 'X-CSRF: 1' "$1" >/dev/null
}

# measure LABEL TARGET: a measured wrk run on TARGET with the cookie; one table row.
measure() {
  local label=$1 target=$2 before after out reads="—" writes="—" requests
  [[ -n $SCHEMA ]] && { sleep 2; before=$(session_stats "$SCHEMA"); }
  out=$("${WRK_PIN[@]}" wrk -t2 -c64 -d20s --latency -H "Cookie: $COOKIE" -H 'X-CSRF: 1' "$target")
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  if [[ -n $SCHEMA ]]; then
    # The statistics reach pg_stat_user_tables within a second of a transaction's end.
    sleep 2
    after=$(session_stats "$SCHEMA")
    writes=$(( ${after% *} - ${before% *} ))
    reads=$(awk -v a="${after#* }" -v b="${before#* }" -v n="$requests" 'BEGIN {printf "%.2f", (a - b) / n}')
  fi
  printf '| %s | %s | %s | %s req/s | %s | %s | %s | %s | %s |\n' "$JAR_NAME" "$DATABASE" "$label" \
    "$(awk '/Requests\/sec/ {printf "%d", $2}' <<<"$out")" "$(awk '$1 == "50%" {print $2}' <<<"$out")" \
    "$(awk '$1 == "99%" {print $2}' <<<"$out")" "$(awk '/Non-2xx/ {print $NF; found=1} END {if (!found) print 0}' <<<"$out")" \
    "$reads" "$writes"
}

api() { # METHOD PATH [BODY]: one cookie call of the setup; prints the body, dies unless 2xx
  local out status
  out=$(curl -s -w '\n%{http_code}' -X "$1" -H "Cookie: $COOKIE" -H 'X-CSRF: 1' -H 'Content-Type: application/json' \
    ${3:+-d "$3"} "$BASE$2")
  status=${out##*$'\n'}
  [[ $status == 2* ]] || { echo "$1 $2: HTTP $status ${out%$'\n'*}" >&2; exit 1; }
  printf '%s' "${out%$'\n'*}"
}

run() { # jar label [service argument...]
  local jar=$1 PORT team
  JAR_NAME=$(basename "$jar") DATABASE=$2
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
  BASE="http://127.0.0.1:$PORT"
  COOKIE=$(curl -sf -D - -o /dev/null -X POST "$BASE/api/v1/auth/session" -H 'X-CSRF: 1' \
    -H 'Content-Type: application/json' -d "{\"username\":\"cookie-bench\",\"password\":\"$PASSWORD\"}" \
    | awk 'tolower($1) == "set-cookie:" {sub(/;.*/, "", $2); print $2}' | tr -d '\r')
  [[ -n $COOKIE ]] || { echo "no session cookie from the sign-in" >&2; exit 1; }
  api PUT /api/v1/me/maton-key '{"apiKey":"sandbox_cookie_bench"}' >/dev/null
  team=$(api POST /api/v1/teams '{"name":"Cookie bench","workspaceId":9100001}' | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')
  api GET "/api/v1/teams/$team/projects" >/dev/null
  warm_up "$BASE/api/v1/auth/session"
  warm_up "$BASE/api/v1/teams/$team/projects"
  measure "session" "$BASE/api/v1/auth/session"
  measure "team projects" "$BASE/api/v1/teams/$team/projects"
  cleanup
  PID=""
}

main() {
  local jars=("$@")
  (( ${#jars[@]} )) || jars=("$ROOT"/target/toggl-bff-*.jar)
  command -v wrk >/dev/null || { echo "wrk is missing (apt-get install wrk)" >&2; exit 1; }
  mkdir -p "$WORK"
  echo "| jar | database | read | requests/s | p50 | p99 | non-2xx | session-row reads per call | session-row updates |"
  echo "|---|---|---|---|---|---|---|---|---|"
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
