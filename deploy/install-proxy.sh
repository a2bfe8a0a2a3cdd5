#!/usr/bin/env bash
# Install JupyterHub's proxy, configurable-http-proxy 5.2.0, into deploy/node_modules
# with npm (no sudo, nothing global). The versions are pinned by package.json and
# package-lock.json beside this script; the JupyterHub test and jupyterhub_config.py
# use deploy/node_modules/.bin/configurable-http-proxy.
#
#   bash deploy/install-proxy.sh
#
# Needs Node.js >= 20 and npm (Debian 13: sudo apt-get install nodejs npm; Debian 12 and
# Ubuntu 24.04 ship Node 18: use NodeSource's Node 20 packages). 5.2.0 rather than 5.3: 5.3
# warns on Node 20. Exits with 1 (and a message) when Node/npm are missing or too old.
set -euo pipefail
cd "$(dirname "$0")"

WANT=5.2.0
BIN=node_modules/.bin/configurable-http-proxy

if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
    echo "install-proxy: node and npm are needed: sudo apt-get install nodejs npm" >&2
    exit 1
fi
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 20 ]; then
    echo "install-proxy: configurable-http-proxy $WANT needs Node.js >= 20, found $(node --version)" >&2
    exit 1
fi

if [ -x "$BIN" ] && [ "$("$BIN" --version 2>/dev/null)" = "$WANT" ]; then
    echo "install-proxy: configurable-http-proxy $WANT already in $(pwd)/node_modules"
    exit 0
fi

if [ -f package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error
else
    npm install --no-audit --no-fund --loglevel=error
fi
echo "install-proxy: configurable-http-proxy $("$BIN" --version) in $(pwd)/node_modules"
