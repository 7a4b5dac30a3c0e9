// Scrolling a channel with 10,000 messages loaded in the browser (the virtualized history list).
//   npm run build && npx tsx bench/scroll.ts
//   env: MESSAGES=10000  SPEED=3000 (px/s)  SECONDS=5 (per sweep)  PORT=3299  DATABASE_URL=postgres://…/postgres
// Seeds a scratch PostgreSQL database, starts the built app (server.ts) on it, opens the channel in
// Debian's Chromium as a member, scrolls up until every message is loaded (pages of 50 by cursor),
// then scrolls from the middle of the list down and back up at a steady speed (a brisk wheel or
// trackpad scroll), recording every frame.
import path from "node:path";
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { chromium } from "@playwright/test";
import { ulid } from "ulid";
import { applyMigrations } from "../lib/postgres/migrate";
import { chromiumLaunchOptions } from "../e2e/fixtures/chromium";
import {
  benchChannelId,
  benchSessionTokens,
  benchCommunityId,
  createDatabase,
  databaseUrl,
  dropDatabase,
  fmt,
  machineLine,
  onInterrupt,
  sampleLines,
  seedCommunity,
  setting,
} from "./support";

const messages = setting("MESSAGES", 10_000);
const seconds = setting("SECONDS", 5);
const speed = setting("SPEED", 3_000);
const port = setting("PORT", 3299);
const authors = 5;

async function seed(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await seedCommunity(client, authors);
  const start = Date.UTC(2026, 0, 1);
  const rows: string[] = [];
  const values: unknown[] = [];
  for (let i = 0; i < messages; i++) {
    const at = start + i * 60_000;
    values.push(
      ulid(at),
      `u${String((i % authors) + 1).padStart(7, "0")}`,
      `${sampleLines[i % sampleLines.length]} (#${i + 1})`,
      new Date(at).toISOString(),
    );
    const n = values.length;
    rows.push(`($${n - 3}, '${benchChannelId}', $${n - 2}, $${n - 1}, $${n}::timestamp)`);
    if (rows.length === 1_000 || i === messages - 1) {
      await client.query(
        `INSERT INTO "Message" ("id", "channelId", "authorId", "content", "createdAt") VALUES ${rows.join(",")}`,
        values,
      );
      rows.length = 0;
      values.length = 0;
    }
  }
  await client.query("VACUUM ANALYZE");
  await client.end();
}

function startApp(url: string, secret: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(process.env.NEXT_DIST_DIR || ".next", "app-server", "server.mjs")], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: url,
      NEXTAUTH_SECRET: secret,
      PORT: String(port),
      HOST: "127.0.0.1",
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("is running at")) resolve(child);
    });
    child.on("exit", (code) => reject(new Error(`the app exited (${code}); run npm run build first`)));
  });
}

const sweepScript = (direction: number, seconds: number, speed: number) => `new Promise((resolve) => {
  const el = document.querySelector("[data-virtuoso-scroller]");
  const from = el.scrollTop;
  const frames = [];
  let rows = 0;
  const start = performance.now();
  let last = start;
  function step(now) {
    frames.push(now - last);
    last = now;
    const progress = Math.min(1, (now - start) / (${seconds} * 1000));
    el.scrollTop = from + ${direction} * progress * ${seconds} * ${speed};
    rows = Math.max(rows, el.querySelectorAll("[data-testid=message]").length);
    if (progress < 1) return requestAnimationFrame(step);
    const sorted = frames.slice(1).sort((a, b) => a - b);
    const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
    resolve({ frames: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: sorted[sorted.length - 1],
      long: sorted.filter((f) => f > 50).length, rows, heapMb: performance.memory ? performance.memory.usedJSHeapSize / 1048576 : NaN });
  }
  requestAnimationFrame(step);
})`;

type FrameStats = {
  frames: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  long: number;
  rows: number;
  heapMb: number;
};

async function main() {
  const name = `bench_scroll_${Date.now()}`;
  const url = databaseUrl(name);
  const secret = randomBytes(32).toString("hex");
  let app: ChildProcess | undefined;
  const cleanup = async () => {
    if (app?.pid) process.kill(app.pid, "SIGTERM");
    await dropDatabase(name).catch(() => {});
  };
  onInterrupt(cleanup);
  try {
    await createDatabase(name);
    await applyMigrations(url);
    const seedStart = performance.now();
    await seed(url);
    const seededIn = (performance.now() - seedStart) / 1000;
    app = await startApp(url, secret);

    const browser = await chromium.launch(chromiumLaunchOptions);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const [token] = await benchSessionTokens(url, [{ id: "u0000002", name: "User 2" }], secret);
    await context.addCookies([{ name: "next-auth.session-token", value: token, url: `http://127.0.0.1:${port}` }]);
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${port}/c/${benchCommunityId}/${benchChannelId}`);
    await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
    const scroller = page.locator("[data-virtuoso-scroller]");
    await scroller.waitFor();

    // Load everything: scroll to the top until the channel's first message (its welcome header) shows.
    const loadStart = performance.now();
    while (!(await page.getByText("Welcome to #general!").isVisible())) {
      const pageLoaded = page
        .waitForResponse((r) => r.url().includes("/messages?before="), { timeout: 2_000 })
        .catch(() => null);
      await scroller.evaluate((el) => el.scrollTo({ top: 0 }));
      await pageLoaded;
    }
    const loadedIn = (performance.now() - loadStart) / 1000;
    const loaded = await page.evaluate(() => document.querySelectorAll("[data-testid=message]").length);

    // Scroll the whole list at a steady speed, one step per frame, recording frame intervals. (A
    // string, so the bundler's helpers do not leak into the page.)
    const sweep = (direction: 1 | -1) => page.evaluate(sweepScript(direction, seconds, speed)) as Promise<FrameStats>;
    await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight / 2 }));
    const down = await sweep(1);
    const up = await sweep(-1);
    const heightPx = await scroller.evaluate((el) => el.scrollHeight);
    await browser.close();

    console.log(`\nHistory list scrolling benchmark — ${new Date().toISOString()}`);
    console.log(machineLine());
    console.log(
      `Chromium (Debian, headless, software rendering), 1280×800; ${messages.toLocaleString("en-US")} messages (markdown, code blocks, lists, quotes; ${authors} authors), seeded in ${fmt(seededIn, 1)} s`,
    );
    console.log(
      `all ${messages.toLocaleString("en-US")} loaded by scrolling up (pages of 50 by cursor) in ${fmt(loadedIn, 1)} s; ${loaded} message rows in the DOM at the top; list height ${(heightPx / 1000).toFixed(0)}k px`,
    );
    console.log(
      `from the middle: ${seconds} s down then ${seconds} s up at ${speed.toLocaleString("en-US")} px/s (${fmt((speed * seconds) / 1000, 0)}k px each way, ≈ ${Math.round((speed * seconds) / 26)} rows), one step per animation frame\n`,
    );
    console.log(
      "| sweep | frames | frame p50 ms | p95 ms | p99 ms | max ms | frames > 50 ms | most rows in DOM | JS heap MB |",
    );
    console.log("|---|---|---|---|---|---|---|---|---|");
    for (const [label, s] of [
      ["down", down],
      ["up", up],
    ] as const) {
      console.log(
        `| ${label} | ${s.frames} | ${fmt(s.p50, 1)} | ${fmt(s.p95, 1)} | ${fmt(s.p99, 1)} | ${fmt(s.max, 1)} | ${s.long} | ${s.rows} | ${fmt(s.heapMb, 0)} |`,
      );
    }
    console.log(
      "\nsmooth = frames near 16.7 ms (60 Hz) with few long frames; rows in the DOM stay a few dozen whatever the history length",
    );
  } finally {
    await cleanup();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
