#!/usr/bin/env bash
# Installs, builds and starts the app on the embedded database with demo data; prints the URL.
# The install and build are quiet: their output goes to .data/demo-setup.log and is shown only
# when a step fails, so the last lines on screen are the server's (URL, demo user, password).
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

data_dir=${DATA_DIR:-.data}
mkdir -p "$data_dir"
log="$data_dir/demo-setup.log"
: >"$log"

# step "what" command…: runs the command with its output in the log; on failure shows the log's end.
step() {
  local what=$1 started=$SECONDS status=0
  shift
  printf '%s… ' "$what"
  printf '\n$ %s\n' "$*" >>"$log"
  "$@" >>"$log" 2>&1 || status=$?
  if [ "$status" -ne 0 ]; then
    printf 'failed (exit %s). The last lines of %s:\n\n' "$status" "$log"
    tail -n 40 "$log"
    exit "$status"
  fi
  printf 'done (%s s)\n' "$((SECONDS - started))"
}

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "Installing dependencies (about a minute)" npm ci --no-audit --no-fund
fi
step "Generating the database client" npx prisma generate
step "Building the app" npm run build
echo
exec env NODE_ENV=production node .next/app-server/server.mjs --seed-demo
