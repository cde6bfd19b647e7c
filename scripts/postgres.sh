#!/usr/bin/env bash
# A private, throwaway PostgreSQL server for the tests (never the system cluster).
#
#   bash scripts/postgres.sh [start]   install Debian's postgresql if missing, start the server,
#                                      print its URL (the only line on stdout)
#   bash scripts/postgres.sh stop      stop it (the data directory is kept for a fast restart)
#   bash scripts/postgres.sh status    print the URL when it runs, else exit 3
#   bash scripts/postgres.sh clean     stop it and delete its data directory
#
# Idempotent: starting a running server only prints its URL again. The data lives in .pg/ at the
# repo root (git-ignored; a folder in /tmp when the postgres user cannot reach the repo). The server
# listens on 127.0.0.1 only, on the first free port from 55432 (or $PROVENANCE_PG_PORT), with
# durability switched off (fsync, synchronous_commit, full_page_writes) for speed. As root it runs
# as the postgres user, since initdb and postgres refuse root. Progress goes to stderr.
set -euo pipefail

cmd="${1:-start}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
role=provenance
dbname=provenance
first_port=55432

say() { printf 'postgres.sh: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# Run a command as the server's owner: the postgres user when we are root, else ourselves.
as_owner() {
    if is_root; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

find_bindir() {
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [ -n "$dir" ] && [ -x "$dir/postgres" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
        printf '%s\n' "$dir"
    fi
}

install_postgres() {
    local sudo=() log
    if ! is_root; then
        command -v sudo >/dev/null && sudo -n true 2>/dev/null \
            || die "PostgreSQL is not installed and installing it needs root: apt-get install postgresql"
        sudo=(sudo -n)
    fi
    say "installing Debian's postgresql (apt-get)..."
    log="$(mktemp)"
    if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >"$log" 2>&1 \
        || ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            postgresql >>"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        die "apt-get install postgresql failed"
    fi
    rm -f "$log"
}

bindir="$(find_bindir)"
if [ -z "$bindir" ]; then
    case "$cmd" in
        start) install_postgres; bindir="$(find_bindir)"
               [ -n "$bindir" ] || die "no PostgreSQL server under /usr/lib/postgresql/*/bin after installing" ;;
        *) exit 0 ;;  # nothing installed, so nothing runs
    esac
fi

if is_root && ! id postgres >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin postgres
fi

# Where the data lives: .pg/ in the repo if the server's owner can write there, else a folder in /tmp
# named after the repo path (so that stop finds it again).
state="${PROVENANCE_PG_DIR:-$repo/.pg}"
prepare_state() {
    mkdir -p "$1" 2>/dev/null || return 1
    if is_root; then
        chown postgres: "$1" && chmod 700 "$1" || return 1
    fi
    as_owner test -w "$1" -a -x "$1"
}
if ! prepare_state "$state"; then
    state="${TMPDIR:-/tmp}/provenance-pg-$(printf '%s' "$repo" | cksum | cut -d' ' -f1)"
    prepare_state "$state" || die "no folder the server can write: tried $repo/.pg and $state"
fi
data="$state/data"
log="$state/server.log"

exec 9>>"$state/lock"
command -v flock >/dev/null && flock 9

pg_ctl() { as_owner "$bindir/pg_ctl" -D "$data" "$@"; }
# Running: the pid file names a live postgres serving this very data directory (after a machine's
# restart, a stale pid file may name an unrelated process, which must never be signalled).
running() {
    local pid
    pid="$(sed -n 1p "$data/postmaster.pid" 2>/dev/null || true)"
    [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' '\n' <"/proc/$pid/cmdline" | grep -qxF -- "$data"
}
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
running_port() { sed -n 4p "$data/postmaster.pid" 2>/dev/null; }
url() { printf 'postgresql+psycopg://%s:%s@127.0.0.1:%s/%s\n' "$role" "$(cat "$state/password")" "$1" "$dbname"; }

initialise() {
    say "initdb $data"
    rm -rf "$data"
    local pw
    pw="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
    (umask 077; printf '%s\n' "$pw" >"$state/superuser.pw"
     od -An -N16 -tx1 /dev/urandom | tr -d ' \n' >"$state/password")
    is_root && chown postgres: "$state/superuser.pw" "$state/password"
    as_owner "$bindir/initdb" -D "$data" -U postgres --pwfile="$state/superuser.pw" \
        --auth-host=scram-sha-256 --auth-local=scram-sha-256 -E UTF8 --locale=C.UTF-8 --no-sync \
        >"$state/initdb.log" 2>&1 || { cat "$state/initdb.log" >&2; die "initdb failed"; }
    cat >>"$data/postgresql.conf" <<'EOF'

# scripts/postgres.sh: a throwaway test server, loopback only, no durability
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
# per-test databases live seconds: an autovacuum worker on one only stops DROP DATABASE (FORCE)
autovacuum = off
EOF
}

start_server() {
    local port="$1"
    : >"$log"
    is_root && chown postgres: "$log"
    # The server outlives this script: it must hold none of our descriptors (the lock, or a caller's
    # pipe, whose reader would then wait for ever), so all above stderr are closed first.
    (
        for fd in "/proc/$BASHPID/fd/"*; do
            fd="${fd##*/}"
            [ "$fd" -gt 2 ] && eval "exec $fd>&-"
        done
        pg_ctl -l "$log" -w -t 60 -o "-p $port" start </dev/null >/dev/null 2>&1
    )
}

choose_port() {
    if [ -n "${PROVENANCE_PG_PORT:-}" ]; then
        port_in_use "$PROVENANCE_PG_PORT" && die "port $PROVENANCE_PG_PORT (PROVENANCE_PG_PORT) is in use"
        printf '%s\n' "$PROVENANCE_PG_PORT"
        return
    fi
    local p
    for ((p = first_port; p < first_port + 100; p++)); do
        port_in_use "$p" || { printf '%s\n' "$p"; return; }
    done
    die "no free port in $first_port-$((first_port + 99))"
}

psql_super() {
    PGPASSWORD="$(cat "$state/superuser.pw")" "$bindir/psql" -X -q -v ON_ERROR_STOP=1 \
        -h 127.0.0.1 -p "$1" -U postgres -d postgres -tA -c "$2"
}

start() {
    if running; then
        local port
        port="$(running_port)"
        if "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" -t 5; then
            url "$port"
            return
        fi
        say "server in $data does not answer: restarting it"
        pg_ctl -m immediate stop >/dev/null 2>&1 || true
    fi
    # A pid file left by a server killed with its machine names a pid that may now be anyone's.
    rm -f "$data/postmaster.pid"

    local port fresh=0
    port="$(choose_port)"
    if [ ! -f "$data/PG_VERSION" ] || [ ! -s "$state/password" ] || [ ! -s "$state/superuser.pw" ]; then
        initialise
        fresh=1
    fi
    if ! start_server "$port"; then
        [ "$fresh" = 1 ] && { cat "$log" >&2; die "the server did not start (log above)"; }
        say "the kept data directory does not start (log below): starting from scratch"
        cat "$log" >&2
        initialise
        start_server "$port" || { cat "$log" >&2; die "the server did not start (log above)"; }
    fi
    local i
    for ((i = 0; i < 60; i++)); do
        "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" -t 1 && break
        sleep 0.5
    done
    "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" || { cat "$log" >&2; die "the server does not answer on port $port"; }

    # The tests' role (not a superuser: it creates and drops its own databases) and its database.
    local pw exists
    pw="$(cat "$state/password")"  # hex digits: safe inside a literal
    exists="$(psql_super "$port" "SELECT 1 FROM pg_roles WHERE rolname = '$role'")"
    psql_super "$port" "$([ -n "$exists" ] && echo ALTER || echo CREATE) ROLE $role LOGIN CREATEDB PASSWORD '$pw'" >/dev/null
    if [ -z "$(psql_super "$port" "SELECT 1 FROM pg_database WHERE datname = '$dbname'")" ]; then
        psql_super "$port" "CREATE DATABASE $dbname OWNER $role" >/dev/null
    fi
    say "server running on 127.0.0.1:$port, data in $data"
    url "$port"
}

stop() {
    if running; then
        pg_ctl -m fast -w -t 60 stop >/dev/null
        say "server stopped"
    fi
}

case "$cmd" in
    start) start ;;
    stop) stop ;;
    status) running && url "$(running_port)" || exit 3 ;;
    clean) stop; rm -rf "$state"; say "removed $state" ;;
    *) die "usage: $0 [start|stop|status|clean]" ;;
esac
