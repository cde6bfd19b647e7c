#!/usr/bin/env bash
# The demo: a fresh store, the two seed articles, and the output of every command.
set -euo pipefail
db="${1:-demo/provenance.db}"
mkdir -p "$(dirname "$db")"
rm -f "$db" "$db-wal" "$db-shm"
export PROVENANCE_DB="sqlite:///$db"
run() { printf '\n$ %s\n' "$*"; "$@"; }

run provenance ingest seeds/000_19c93ae14d6297da.txt --published-at 2022-10-15
run provenance ingest seeds/002_ef60c64282a98839.txt --published-at 2022-10-16
run provenance ingest seeds/   # again: nothing new is stored
run provenance docs
run provenance show 000_19c93ae14d6297da.txt
run provenance docs --format json
