#!/usr/bin/env bash
# Debian's chromium for the browser tests (tests/web/): installed when missing, never downloaded
# by a test at run time.
#
#   bash scripts/chromium.sh [ensure]   install Debian's chromium if missing; print its path (the only
#                                       line on stdout)
#   bash scripts/chromium.sh path       print its path when installed, else exit 3
#
# Needs root (or password-less sudo) to install; otherwise it says so on stderr and exits 1, and the
# browser tests skip with that reason. Progress goes to stderr.
set -euo pipefail

cmd="${1:-ensure}"
say() { printf 'chromium.sh: %s\n' "$*" >&2; }

find_chromium() {
    local c
    for c in chromium chromium-browser; do
        if command -v "$c" >/dev/null 2>&1; then
            command -v "$c"
            return 0
        fi
    done
    return 1
}

install_chromium() {
    local sudo=() log
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
            sudo=(sudo -n)
        else
            say "chromium is not installed and installing it needs root: apt-get install chromium"
            return 1
        fi
    fi
    command -v apt-get >/dev/null || { say "chromium is not installed and there is no apt-get"; return 1; }
    say "installing Debian's chromium (apt-get)..."
    log="$(mktemp)"
    if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >"$log" 2>&1 \
        || ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            chromium fonts-dejavu-core >>"$log" 2>&1; then
        tail -n 20 "$log" >&2
        rm -f "$log"
        say "apt-get install chromium failed"
        return 1
    fi
    rm -f "$log"
}

case "$cmd" in
    ensure)
        find_chromium || { install_chromium && find_chromium; } || exit 1
        ;;
    path)
        find_chromium || exit 3
        ;;
    *)
        say "usage: chromium.sh [ensure|path]"
        exit 2
        ;;
esac
