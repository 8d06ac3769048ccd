#!/usr/bin/env bash
# The quota-day benchmark: a team of three through a compressed working day against a stand-in that
# enforces Toggl's Free plan, on one instance in the embedded default, then in shared-state mode on
# one instance and on two (Redis at 127.0.0.1:6379 under a key prefix of the run, one PostgreSQL
# schema; see TestServices for other servers). Writes bench/results/quota-day.md and prints it.
set -euo pipefail
cd "$(dirname "$0")/.."
parts="$PWD/target/quota-day"
results="$PWD/bench/results/quota-day.md"
rm -rf "$parts"
mkdir -p "$parts"
./mvnw -B -q test -Dtest='QuotaDayBenchmark,QuotaDayScaleOutBenchmark' -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.output="$parts/one-instance.md" -Dbench.scale-out-output="$parts/scale-out.md" "$@"
{
  echo "# Quota day"
  echo
  echo "Produced by \`bench/quota-day.sh\` ($(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)) — see bench/README.md."
  echo "A team of three through a Free-plan day (08:00–18:00, minute by minute on a moved clock) against \`FreePlanToggl\`."
  echo
  echo "## One instance, embedded default (H2, no Redis)"
  echo
  cat "$parts/one-instance.md"
  echo
  echo "## One instance and two, shared-state mode (one Redis, one PostgreSQL schema)"
  echo
  echo "The same day, every call sent to instance A alone, or spread over A and B (two application contexts"
  echo "in one JVM sharing Redis under the run's key prefix, the PostgreSQL schema, the data folder and the"
  echo "clock) in turn, as nginx's round robin does, or at random (fixed seed). The upstream requests are"
  echo "those of the whole team (three Maton keys) over the day; the sliding-hour figures are per key."
  echo
  cat "$parts/scale-out.md"
} >"$results"
cat "$results"
echo "bench: results in bench/results/quota-day.md"
