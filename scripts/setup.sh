#!/usr/bin/env bash
# Set up the course on a fresh Debian/Ubuntu machine (Python >= 3.11) and either
# open it or test it. These are the README's two commands:
#
#   bash scripts/setup.sh course   # install, then open JupyterLab (in Chinese) on the start page
#   bash scripts/setup.sh site     # install, build the reading site (site/) and serve it on 127.0.0.1:8000
#   bash scripts/setup.sh test     # install everything the tests need, then run the whole suite
#
# Environment: PYTHON (interpreter to build the venv from, default python3),
# VENV (default .venv in the repository), PORT (JupyterLab port, default 8888; site port, default 8000).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
MODE=${1:-course}
shift || true
PYTHON=${PYTHON:-python3}
VENV=${VENV:-$ROOT/.venv}

log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@";
    elif command -v sudo >/dev/null 2>&1; then sudo "$@";
    else log "need root to run: $*"; return 1; fi
}

# Install Debian packages that are missing (skipped quietly where apt is absent).
apt_install() {
    command -v apt-get >/dev/null 2>&1 || { log "no apt-get: please install $* yourself"; return 0; }
    local missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    log "apt-get install ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

make_venv() {
    "$PYTHON" -c 'import sys; assert sys.version_info >= (3, 11), "Python >= 3.11 is required"'
    if ! "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null; then
        apt_install python3-venv
    fi
    [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
    "$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null
    log "pip install -e .[$1]"
    "$VENV/bin/python" -m pip install -q -e ".[$1]"
    export PATH="$VENV/bin:$PATH"
}

case "$MODE" in
    course)
        # A CJK font so matplotlib figures show Chinese (Windows/macOS already have one).
        apt_install fonts-noto-cjk || log "could not install fonts-noto-cjk; figures fall back to English labels"
        make_venv trainer
        exec "$VENV/bin/coursekit" lab "$@"
        ;;
    site)
        # The reading site: every chapter is run at build time, so figures need the CJK font too.
        apt_install fonts-noto-cjk || log "could not install fonts-noto-cjk; figures fall back to English labels"
        make_venv "trainer,site"
        "$VENV/bin/coursekit" site build
        exec "$VENV/bin/coursekit" site serve --port "${PORT:-8000}"
        ;;
    test)
        # fonts for figures, chromium for browser tests, bubblewrap for the grading sandbox,
        # npm for JupyterHub's proxy, postgresql for the gradebook tests (tests/pg.py starts its own
        # server in a temporary folder; the packaged service is not needed).
        apt_install fonts-noto-cjk fonts-dejavu-core chromium bubblewrap postgresql
        command -v npm >/dev/null 2>&1 || apt_install nodejs npm
        make_venv "test,bench"
        # The ngshare exchange (tests/hub/test_ngshare.py, deploy/README.md): the nbgrader client, without
        # its stale jupyter-core<4.11.2 pin (pyproject.toml's `hub` extra says why), and the ngshare service
        # in its own environment (deploy/ngshare/requirements.txt says why).
        log "pip install --no-deps ngshare-exchange==0.5.3; ngshare into deploy/ngshare/.venv"
        "$VENV/bin/python" -m pip install -q --no-deps ngshare-exchange==0.5.3
        [ -x deploy/ngshare/.venv/bin/python ] || "$PYTHON" -m venv deploy/ngshare/.venv
        deploy/ngshare/.venv/bin/python -m pip install -q -r deploy/ngshare/requirements.txt
        bash deploy/install-proxy.sh || log "could not install the JupyterHub proxy (needs Node >= 20): the JupyterHub test will skip (fail under .ci/run)"
        "$VENV/bin/coursekit" lab --configure-only
        log "running the test suite"
        exec "$VENV/bin/python" -m pytest -ra "$@"
        ;;
    *)
        echo "usage: bash scripts/setup.sh course|site|test [extra args]" >&2
        exit 2
        ;;
esac
