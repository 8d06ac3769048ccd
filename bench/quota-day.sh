#!/usr/bin/env bash
# The quota-day benchmark: a team of three through a compressed working day against a stand-in that
# enforces Toggl's Free plan. Writes bench/results/quota-day.md and prints it.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test -Dtest=QuotaDayBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.output="$PWD/bench/results/quota-day.md" "$@"
echo "bench: results in bench/results/quota-day.md"
