#!/usr/bin/env bash
# The demo: a fresh store, the two seed articles, and the output of every command.
set -euo pipefail
db="${1:-demo/provenance.db}"
web_db="$(dirname "$db")/web.db"
mkdir -p "$(dirname "$db")"
rm -f "$db" "$db-wal" "$db-shm" "$web_db" "$web_db-wal" "$web_db-shm"
export PROVENANCE_DB="sqlite:///$db"
run() { printf '\n$ %s\n' "$*"; "$@"; }

run provenance ingest seeds/000_19c93ae14d6297da.txt --published-at 2022-10-15
run provenance ingest seeds/002_ef60c64282a98839.txt --published-at 2022-10-16
run provenance ingest seeds/*.txt   # again: nothing new is stored
run provenance docs
run provenance show 000_19c93ae14d6297da.txt
run provenance report 002_ef60c64282a98839.txt
run provenance trace "We will not tolerate the continuation of aggression and terrorist acts by groups that have taken refuge in the Kurdistan region of Iraq"
run provenance compare seeds/000_19c93ae14d6297da.txt seeds/002_ef60c64282a98839.txt --format json
run provenance publisher alias "Mehr News Agency" MNA Mehr
run provenance publisher list
run provenance licence list
# The audit exits 3 when it finds errors (so that it can gate a publishing pipeline); the demo goes on.
run provenance audit || echo "(audit exit status $?: errors found)"

# A web page: seed 000 as Mehr News Agency's site publishes it, its licence only in the page footer
# (a rel="license" link): the page's date, publisher and licence come from its markup, the text
# from its article body; the rewrite 002 is audited against the licence found in the footer.
export PROVENANCE_DB="sqlite:///$web_db"
run provenance ingest seeds/web/000_mehr_page.html
run provenance ingest seeds/002_ef60c64282a98839.txt --published-at 2022-10-16
run provenance show 000_mehr_page.html
run provenance licence list
run provenance audit || echo "(audit exit status $?: errors found)"

# Paste search: which stored articles reuse a paragraph (nothing is stored).
export PROVENANCE_DB="sqlite:///$db"
printf '\n$ sed -n 2p seeds/000_19c93ae14d6297da.txt | provenance search -\n'
sed -n 2p seeds/000_19c93ae14d6297da.txt | provenance search -
# Last: the seeds' side-by-side report as one self-contained HTML page; its path is printed.
run provenance report 002_ef60c64282a98839.txt --format html -o "$(dirname "$db")/report-002.html"
