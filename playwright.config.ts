import path from "node:path";
import { defineConfig } from "@playwright/test";
import { chromiumLaunchOptions } from "./e2e/fixtures/chromium";

// Apps under test: the embedded database always; PostgreSQL too when E2E_DATABASE_URL is given
// (scripts/test.sh creates a fresh database for it). Both are production builds (`npm run build` first: Next and the bundled server.ts).
const dataRoot = path.resolve(".data/e2e");
const postgresUrl = process.env.E2E_DATABASE_URL;
const chromium = chromiumLaunchOptions;

const server = (name: string, port: number, env: Record<string, string>) => ({
  name,
  command: "node .next/app-server/server.mjs",
  url: `http://localhost:${port}/api/health`,
  reuseExistingServer: false,
  timeout: 120_000,
  stdout: "pipe" as const,
  env: {
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    // specs send bursts of history through the UI; the limit itself is tested in lib/domain/rate-limits.test.ts
    SEND_RATE_LIMIT: "1000/10",
    // …and the 100 ms gap between two sends (lib/domain/send-gap.test.ts tests it)
    SEND_MIN_GAP_MS: "0",
    // …and socket event budgets ten times wider (lib/socket/abuse.test.ts and e2e/flood.spec.ts test them)
    SOCKET_BUDGET_SCALE: "10",
    // every spec registers and signs in from 127.0.0.1; the sign-up and per-address sign-in limits are
    // tested in lib/domain/auth-throttle.test.ts (the per-account one stays: no spec fails 5 times on one account)
    SIGNUP_RATE_LIMIT: "100000/1",
    LOGIN_IP_FAILURES: "100000/1",
    // the first wait past the free attempts: long enough that e2e/sessions.spec.ts's next attempt
    // still meets it on a loaded machine (1 s by default; the schedule is tested in auth-throttle.test.ts)
    LOGIN_FIRST_WAIT_SECONDS: "30",
    // the admin console's spec signs in as this app administrator (e2e/admin.spec.ts)
    APP_ADMINS: "e2e_operator",
    // e2e/embedded-database.spec.ts reads the process and its PGlite instances from /api/health
    HEALTH_DETAILS: "true",
    // e2e/event-subscriptions.spec.ts receives deliveries on 127.0.0.1 (private addresses are refused otherwise)
    OUTBOUND_ALLOWLIST: "127.0.0.1",
    // e2e/operations.spec.ts scrapes /metrics with it
    METRICS_TOKEN: "e2e-metrics-token",
    PORT: String(port),
    HOST: "127.0.0.1",
    DATA_DIR: path.join(dataRoot, name),
    PGLITE_DIR: path.join(dataRoot, name, "pglite"),
    ...env,
  },
});

export const embeddedPort = 3210;

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: true,
  reporter: [
    ["list"],
    ["html", { open: "never", outputFolder: "playwright-report" }],
    ["json", { outputFile: ".data/test-reports/playwright.json" }],
  ],
  use: {
    launchOptions: chromium,
    viewport: { width: 1280, height: 800 },
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
  },
  projects: [
    { name: "embedded", use: { baseURL: `http://localhost:${embeddedPort}` } },
    ...(postgresUrl
      ? [
          {
            name: "postgres",
            use: { baseURL: "http://localhost:3211" },
            // The second run is for what the database decides: sends and history, unread counts,
            // search, threads, sessions, reconnects, the outbox, conversations. Everything else (rendering,
            // input, headers, settings pages, moderation UI) runs once, on the embedded app: the domain and
            // socket tests run on both databases. Keeps CI well inside its 90 minutes.
            testMatch: [
              "**/chat.spec.ts",
              "**/messages.spec.ts",
              "**/history.spec.ts",
              "**/unread.spec.ts",
              "**/search.spec.ts",
              "**/threads.spec.ts",
              "**/sessions.spec.ts",
              "**/reconnect.spec.ts",
              "**/outbox.spec.ts",
              "**/direct-messages.spec.ts",
            ],
          },
        ]
      : []),
  ],
  webServer: [
    server("embedded", embeddedPort, { DATABASE_URL: "" }),
    ...(postgresUrl ? [server("postgres", 3211, { DATABASE_URL: postgresUrl })] : []),
  ],
});
