#!/usr/bin/env bash
# Installs, builds and starts the app on the embedded database with demo data; prints the URL.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npx prisma generate >/dev/null
npx next build
exec env NODE_ENV=production npx tsx server.ts --seed-demo
