#!/usr/bin/env bash
# The whole test suite: types, domain + realtime tests on PGlite (and again on PostgreSQL when
# DATABASE_URL is set), a production build, and Playwright against the running app.
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

status=0
failed_steps=.data/test-reports/failed-steps
step_times=.data/step-times
mkdir -p .data && : >"$step_times"
# A failing step fails the suite at the end; its name is kept for the closing summary.
run() { "$@" || { status=1; printf '%s\n' "$current_step" >>"$failed_steps"; }; }
# Each step's wall time goes to the closing summary (CI has a 90-minute budget: see where it goes).
step_started=$SECONDS
step() {
  [ -n "${current_step:-}" ] && printf '%s\t%s\n' "$((SECONDS - step_started))" "$current_step" >>"$step_times"
  current_step="$*"; step_started=$SECONDS; printf '\n=== %s\n' "$*"
}

if [ ! -d node_modules ]; then
  step "installing dependencies"
  npm ci --no-audit --no-fund --loglevel=error || exit 1
fi
if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || [ ! -d /usr/share/fonts/truetype/noto ]; then
  step "installing Debian's chromium package and an emoji font"
  sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && $sudo_cmd apt-get install -y -qq chromium fonts-noto-color-emoji || exit 1
fi

reports=.data/test-reports
rm -rf "$reports" .data/e2e && mkdir -p "$reports"
current_step="setup"

step "prisma generate + typecheck"
npx prisma generate >/dev/null || exit 1
npx next typegen >/dev/null && npx tsc --noEmit || exit 1

step "lint (ESLint: floors, cycles, hooks)"
run npm run --silent lint
step "format (Prettier)"
run npx prettier --check --log-level=warn .

# The embedded run acts as if it were another day (a leap day, years ahead; the clock still moves):
# a test that passes only on today's date fails here. The PostgreSQL run keeps the real clock.
step "domain + realtime tests on PGlite (domain clock from 2028-02-29)"
run env TEST_DATABASE=pglite TEST_CLOCK_START=2028-02-29T12:00:00Z npx vitest run --reporter=default --reporter=json --outputFile.json="$reports/vitest-pglite.json"

e2e_db=""
if [ -n "${DATABASE_URL:-}" ]; then
  step "domain + realtime tests on PostgreSQL"
  run env TEST_DATABASE=postgres npx vitest run --reporter=default --reporter=json --outputFile.json="$reports/vitest-postgres.json"
  e2e_db="chat_e2e_$(date +%s)_$$"
  export E2E_DATABASE_URL="$(npx tsx scripts/test-db.ts create "$e2e_db")" || exit 1
fi

step "production build (types were checked above)"
NEXT_BUILD_SKIP_TYPECHECK=1 npm run build || exit 1

step "Playwright (Debian Chromium)"
run npx playwright test

step "summary"
[ -n "$e2e_db" ] && npx tsx scripts/test-db.ts drop "$e2e_db" >/dev/null
printf '\nseconds per step:\n'; cat "$step_times"
npx tsx scripts/test-summary.ts
exit $status
