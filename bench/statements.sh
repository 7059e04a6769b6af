#!/usr/bin/env bash
# Where PostgreSQL's time goes while a command runs: its statements, costliest first, as a table.
#
#   bench/statements.sh bench/calls.sh 150 300 400      # any command; TOP=20 rows (default)
#
# Loads pg_stat_statements (scripts/infra.sh restarts postgres once for it; `scripts/infra.sh restart-postgres` drops
# it again: it hashes every statement), reads every statement's executions and time in the run database before and
# after the command, and prints the difference: executions, milliseconds in all and per execution, share of the
# statements' time. Statements that differ only in their constants are one row (the extension's normalisation).
set -euo pipefail
cd "$(dirname "$0")/.."
PG_STAT_STATEMENTS=1 scripts/infra.sh start
. scripts/state.sh
PGB=$(pg_bin)
export PGB PG_SOCKET_DIR PG_PORT
work=$(umask 077; mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/statements.py snapshot "$work/before.json"
"$@"
python3 bench/statements.py snapshot "$work/after.json"
python3 bench/statements.py table "$work/before.json" "$work/after.json" "${TOP:-20}"
