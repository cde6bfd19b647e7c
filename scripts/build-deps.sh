#!/usr/bin/env bash
# The Debian packages the install builds against: PyICU (the confusables skeleton in
# provenance.text.normalise) ships no wheels, so pip compiles it against libicu-dev with pkg-config
# and a C++ compiler; the project's own text kernels (provenance/text/_fast.pyx, setup.py) need the C
# compiler, which g++ brings. Installed when missing (apt-get, as root or with password-less sudo); a
# no-op when present. Called by the Makefile before pip install. Progress goes to stderr.
set -euo pipefail

say() { printf 'build-deps.sh: %s\n' "$*" >&2; }

have() {
    command -v pkg-config >/dev/null 2>&1 && pkg-config --exists icu-i18n icu-uc \
        && command -v c++ >/dev/null 2>&1 && command -v cc >/dev/null 2>&1
}

have && exit 0
sudo=()
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null && sudo -n true 2>/dev/null \
        || { say "libicu-dev, pkg-config and g++ are needed to build PyICU: apt-get install libicu-dev pkg-config g++"; exit 1; }
    sudo=(sudo -n)
fi
say "installing libicu-dev, pkg-config and g++ (apt-get)..."
log="$(mktemp)"
if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >"$log" 2>&1 \
    || ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        libicu-dev pkg-config g++ >>"$log" 2>&1; then
    tail -n 20 "$log" >&2
    rm -f "$log"
    say "apt-get install failed"
    exit 1
fi
rm -f "$log"
have || { say "installed, but icu-i18n is still not found by pkg-config"; exit 1; }
