// Opening a channel and switching between channels in Debian's Chromium against a production build.
//   NEXT_DIST_DIR=.next-bench npm run build && NEXT_DIST_DIR=.next-bench npx tsx bench/channel-switch.ts
//   env: CHANNELS=20  MESSAGES=200 (per channel)  OPENS=30  SWITCHES=30 (first visits, and as many revisits)
//        WARMUP=3  SETTLE_MS=500  VISIBLE_TIMEOUT_MS=5000  PORT=3298  EMBEDDED=1 (the embedded database instead of PostgreSQL)
//        IDLE_S=30 (after the run, the browser closed: how long the app idles before its RSS is read again)
//        CONTENT=rich (markdown, code blocks, quotes, lists: rows of different heights) | plain (one line each)
//        STEP_TIMEOUT_MS=30000  TIMEOUT_S=900  NEXT_DIST_DIR=.next  DATABASE_URL=postgres://…/postgres  CHROMIUM_PATH=/usr/bin/chromium
// Seeds a scratch database (next to DATABASE_URL's, or a scratch embedded one) through the app's domain
// functions (users, community, channels, invite) plus bulk SQL for the history, starts the built app
// (server.ts, production) on it, signs in through /login, and measures in the page, from
// performance.now(), until the channel's newest message row lies fully inside the message list's
// scroller and the window, not hidden and with nothing drawn over it:
//   open       page.goto(/c/<community>/<channel>): from the navigation's start
//   first      a click on the channel's sidebar link, the channel not yet shown in this page session
//   revisit    the same for a channel shown earlier in this page session
// Switches go c0 →first c1 →revisit c0 →first c2 →revisit c1 →first c3 …, each session from a fresh page load.
// Stops by itself (TIMEOUT_S) and removes its server, browser, database and data folder, also on failure.
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser } from "@playwright/test";
import { ulid } from "ulid";
import { applyMigrations } from "../lib/postgres/migrate";
import { chromiumLaunchOptions } from "../e2e/fixtures/chromium";
import {
  adminQuery,
  createDatabase,
  databaseUrl,
  dropDatabase,
  fmt,
  gitLine,
  machineLine,
  onInterrupt,
  percentile,
  sampleLines,
  residentMb,
  setting,
  startBuiltApp,
  stopBuiltApp,
} from "./support";

const channelCount = setting("CHANNELS", 20);
const messagesPerChannel = setting("MESSAGES", 200);
const opens = setting("OPENS", 30);
const switches = setting("SWITCHES", 30);
const warmup = setting("WARMUP", 3);
const settleMs = setting("SETTLE_MS", 500);
const port = setting("PORT", 3298);
const visibleTimeoutMs = setting("VISIBLE_TIMEOUT_MS", 5_000);
const stepTimeoutMs = setting("STEP_TIMEOUT_MS", 30_000);
const timeoutS = setting("TIMEOUT_S", 900);
const embedded = process.env.EMBEDDED === "1";
const idleSeconds = setting("IDLE_S", 30);
const plain = process.env.CONTENT === "plain";
if (process.env.CONTENT && !["plain", "rich"].includes(process.env.CONTENT))
  throw new Error(`CONTENT must be rich or plain, got "${process.env.CONTENT}"`);
const distDir = process.env.NEXT_DIST_DIR || ".next";
const origin = `http://127.0.0.1:${port}`;
const password = "bench-switch-7";
const viewport = { width: 1280, height: 800 };

if (channelCount < 2) throw new Error("CHANNELS must be at least 2");
if (messagesPerChannel < 1) throw new Error("MESSAGES must be at least 1");

type Channel = { id: string; name: string; marker: string };
type Seeded = { communityId: string; channels: Channel[]; readerUsername: string; databaseVersion: string };

/** "(#n)" before the text, on a line of its own before a block (a quote, a code fence, a list). */
const numbered = (line: string, n: number) => (/^(>|```|- )/.test(line) ? `(#${n})\n${line}` : `(#${n}) ${line}`);

/** A plain-text token in each channel's newest message: how the page finds that row. */
const markerFor = (index: number) => `bench-newest-${String(index).padStart(4, "0")}-end`;

/** Users, community, channels and the invite through the domain layer; the history by bulk SQL. */
async function seed(): Promise<Seeded> {
  const { registerUser } = await import("../lib/domain/users");
  const { createCommunity } = await import("../lib/domain/communities");
  const { createChannel } = await import("../lib/domain/channels");
  const { createInvite, acceptInvite } = await import("../lib/domain/invites");
  const { sqlPool } = await import("../lib/db");
  const owner = await registerUser({ username: "bench_owner", displayName: "Bench Owner", password });
  const reader = await registerUser({ username: "bench_reader", displayName: "Bench Reader", password });
  const other = await registerUser({ username: "bench_other", displayName: "Bench Other", password });
  const { community, generalChannelId } = await createCommunity({ userId: owner.id }, { name: "Channel switch bench" });
  const invite = await createInvite({ userId: owner.id }, { communityId: community.id, expiresIn: "never" });
  await acceptInvite({ userId: reader.id }, invite.code);
  await acceptInvite({ userId: other.id }, invite.code);
  const channels: Channel[] = [{ id: generalChannelId, name: "general", marker: markerFor(0) }];
  for (let c = 1; c < channelCount; c++) {
    const name = `channel-${String(c).padStart(2, "0")}`;
    const created = await createChannel(
      { userId: owner.id },
      { communityId: community.id, name, topic: `Bench channel ${c}` },
    );
    channels.push({ id: created.id, name, marker: markerFor(c) });
  }
  const pool = sqlPool();
  // The "channel created" / "member joined" notices would be the newest messages: the history below is older.
  await pool.query(`DELETE FROM "Message" WHERE "channelId" = ANY($1::text[])`, [channels.map((c) => c.id)]);
  // One message a minute per channel, ending a few minutes ago (before the members joined: nothing unread).
  const authors = [owner.id, reader.id, other.id];
  const end = Date.now() - 5 * 60_000;
  for (const [c, channel] of channels.entries()) {
    const ids: string[] = [];
    const authorIds: string[] = [];
    const contents: string[] = [];
    const times: string[] = [];
    for (let i = 0; i < messagesPerChannel; i++) {
      const at = end - (messagesPerChannel - 1 - i) * 60_000 - c * 1_000;
      const newest = i === messagesPerChannel - 1;
      ids.push(ulid(at));
      authorIds.push(newest ? other.id : authors[(i + c) % authors.length]);
      contents.push(
        newest
          ? `Newest message in #${channel.name} ${channel.marker}`
          : plain
            ? `(#${i + 1}) ${sampleLines[0]}`
            : numbered(sampleLines[(i + c) % sampleLines.length], i + 1),
      );
      times.push(new Date(at).toISOString());
    }
    await pool.query(
      `INSERT INTO "Message" ("id", "channelId", "authorId", "content", "createdAt")
       SELECT t.id, $2, t.author, t.content, t.at FROM unnest($1::text[], $3::text[], $4::text[], $5::timestamp[]) AS t(id, author, content, at)`,
      [ids, channel.id, authorIds, contents, times],
    );
  }
  await pool.query("VACUUM ANALYZE");
  const version = (await pool.query("SHOW server_version")).rows[0].server_version as string;
  return { communityId: community.id, channels, readerUsername: "bench_reader", databaseVersion: version };
}

/**
 * Runs in every document before the app's scripts (a string, so the bundler's helpers do not leak into
 * the page). While a measurement is pending it checks the newest message once per frame, right after
 * the frame is painted (a message posted from requestAnimationFrame runs after the rendering steps), so
 * what it sees is what was shown. A page load measures itself from the navigation's start; a click is
 * measured from the click event (capture phase, before Next's Link handles it). After the row is fully
 * visible it keeps watching for SETTLE_MS and notes whether it left the view again (a scroll jump). Not
 * fully visible within VISIBLE_TIMEOUT_MS: the sample counts as not visible, with where the row was.
 */
const pageScript = (markers: Record<string, string>, settle: number, visibleTimeout: number) => `(() => {
  const markers = ${JSON.stringify(markers)};
  const settleMs = ${settle};
  const visibleTimeoutMs = ${visibleTimeout};
  const rowSelector = '[data-testid="message"]';
  const state = { resources: [], hydratedAt: null, pending: null, done: null };
  window.__switchBench = state;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) state.resources.push({ name: e.name, type: e.initiatorType, start: e.startTime, responseStart: e.responseStart, end: e.responseEnd });
    }).observe({ type: "resource", buffered: true });
  } catch {}
  new MutationObserver(() => {
    if (state.hydratedAt === null && document.documentElement && document.documentElement.hasAttribute("data-hydrated")) state.hydratedAt = performance.now();
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-hydrated"] });

  function scrollerOf(el) {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const overflow = getComputedStyle(p).overflowY;
      if (overflow === "auto" || overflow === "scroll") return p;
    }
    return null;
  }
  function findRow(marker) {
    for (const row of document.querySelectorAll(rowSelector)) if (row.textContent.includes(marker)) return row;
    return null;
  }
  /** The row's box inside its scroller's box and the window. */
  function inPlace(row) {
    const r = row.getBoundingClientRect();
    if (r.width <= 0 || r.height <= 0) return false;
    const s = scrollerOf(row);
    const b = s ? s.getBoundingClientRect() : { top: 0, bottom: innerHeight, left: 0, right: innerWidth };
    const e = 1; // sub-pixel layout
    return r.top >= Math.max(b.top, 0) - e && r.bottom <= Math.min(b.bottom, innerHeight) + e &&
      r.left >= Math.max(b.left, 0) - e && r.right <= Math.min(b.right, innerWidth) + e;
  }
  /**
   * Shown: not hidden (react-virtuoso keeps the list visibility: hidden until it reached its initial
   * location) and nothing drawn over it (a loading skeleton, a bar): its centre and inner corners hit the row.
   */
  function shown(row) {
    if (row.checkVisibility && !row.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return false;
    const r = row.getBoundingClientRect();
    const points = [[(r.left + r.right) / 2, (r.top + r.bottom) / 2], [r.left + 2, r.top + 2], [r.right - 2, r.top + 2], [r.left + 2, r.bottom - 2], [r.right - 2, r.bottom - 2]];
    return points.every(([x, y]) => {
      const hit = document.elementFromPoint(x, y);
      return hit !== null && row.contains(hit);
    });
  }

  const channel = new MessageChannel();
  let frameAt = 0;
  let looping = false;
  function frame() {
    if (!state.pending) {
      looping = false;
      return;
    }
    frameAt = performance.now();
    channel.port2.postMessage(0);
    requestAnimationFrame(frame);
  }
  channel.port1.onmessage = () => {
    const p = state.pending;
    if (!p || p.start === null) return;
    const now = performance.now();
    p.frames++;
    // the longest gap between two painted frames before the row showed (the main thread busy)
    if (p.visibleAt === null && p.lastCheck !== null) p.longest = Math.max(p.longest, now - p.lastCheck);
    p.lastCheck = now;
    const row = findRow(p.marker);
    if (row && p.presentAt === null) p.presentAt = now;
    if (row && p.visibleAt === null) p.framesPresent++;
    if (p.visibleAt === null) {
      const placed = row !== null && inPlace(row);
      if (placed && p.inPlaceAt === null) p.inPlaceAt = now;
      if (placed && shown(row)) {
        p.visibleAt = now;
        p.frameAt = frameAt;
        p.rows = document.querySelectorAll(rowSelector).length;
      } else if (now - p.start > visibleTimeoutMs) {
        p.missed = state.snapshot();
        finish();
      }
      return;
    }
    if (!row || !inPlace(row) || !shown(row)) p.leftAfter++;
    if (now - p.visibleAt >= settleMs) finish();
  };
  function finish() {
    const p = state.pending;
    state.pending = null;
    const nav = performance.getEntriesByType("navigation")[0];
    p.resolve({
      kind: p.kind, start: p.start, armedAt: p.armedAt, presentAt: p.presentAt, inPlaceAt: p.inPlaceAt, visibleAt: p.visibleAt, frameAt: p.frameAt,
      leftAfter: p.leftAfter, rows: p.rows, frames: p.frames, longest: p.longest, framesPresent: p.framesPresent, hydratedAt: state.hydratedAt, missed: p.missed,
      nav: nav ? { responseStart: nav.responseStart, responseEnd: nav.responseEnd, domContentLoaded: nav.domContentLoadedEventEnd } : null,
      resources: state.resources.filter((r) => r.start >= p.armedAt - 1),
      path: location.pathname,
    });
  }
  function arm(marker, kind, start) {
    let resolve;
    state.done = new Promise((r) => (resolve = r));
    const now = performance.now();
    state.pending = { marker, kind, start, armedAt: start ?? now, presentAt: null, inPlaceAt: null, visibleAt: null, frameAt: null, lastCheck: null, longest: 0, framesPresent: 0, leftAfter: 0, rows: 0, frames: 0, missed: null, resolve };
    if (!looping) {
      looping = true;
      requestAnimationFrame(frame);
    }
  }
  /** Diagnostics when the newest message does not show: what the page has instead. */
  state.snapshot = () => {
    const p = state.pending;
    const rows = [...document.querySelectorAll(rowSelector)];
    const row = p ? findRow(p.marker) : null;
    const covered = row !== null && inPlace(row) && !shown(row);
    const s = row ? scrollerOf(row) : null;
    const r = row ? row.getBoundingClientRect() : null;
    const b = s ? s.getBoundingClientRect() : null;
    return { path: location.pathname, started: p ? p.start !== null : null, rows: rows.length, markerRow: Boolean(row), covered,
      // how far the newest row's bottom lies below the visible box (negative: above its top)
      below: r ? (r.bottom > Math.min(b ? b.bottom : innerHeight, innerHeight) ? r.bottom - Math.min(b ? b.bottom : innerHeight, innerHeight) : Math.min(0, r.top - Math.max(b ? b.top : 0, 0))) : null,
      scroller: s ? { scrollTop: s.scrollTop, scrollHeight: s.scrollHeight, clientHeight: s.clientHeight } : null,
      lastRow: rows.length ? rows[rows.length - 1].textContent.slice(0, 120) : null };
  };
  state.arm = (marker) => arm(marker, "click", null);
  addEventListener("click", () => {
    const p = state.pending;
    if (p && p.kind === "click" && p.start === null) p.start = performance.now();
  }, true);
  const match = location.pathname.match(/^\\/c\\/[^/]+\\/([^/?#]+)$/);
  if (match && markers[match[1]]) arm(markers[match[1]], "open", 0);
})();`;

type Result = {
  kind: string;
  start: number;
  armedAt: number;
  presentAt: number | null;
  inPlaceAt: number | null;
  visibleAt: number | null;
  frameAt: number | null;
  leftAfter: number;
  rows: number;
  frames: number;
  longest: number;
  framesPresent: number;
  hydratedAt: number | null;
  nav: { responseStart: number; responseEnd: number; domContentLoaded: number } | null;
  resources: Array<{ name: string; type: string; start: number; responseStart: number; end: number }>;
  path: string;
  missed: Snapshot | null;
};
type Snapshot = {
  rows: number;
  markerRow: boolean;
  covered: boolean;
  below: number | null;
  scroller: { scrollTop: number; scrollHeight: number; clientHeight: number } | null;
  lastRow: string | null;
};
/** ms: click or navigation start → newest row fully visible (Infinity: not within VISIBLE_TIMEOUT_MS). */
type Sample = {
  ms: number;
  covered: number;
  longest: number;
  framesPresent: number;
  answer: number;
  present: number;
  hydrated: number;
  leftAfter: number;
  rows: number;
  fetches: number;
  prefetched: boolean;
  missed: Snapshot | null;
};

async function main() {
  const started = new Date();
  const loadBefore = os.loadavg();
  const stamp = Date.now();
  const dbName = `bench_switch_${stamp}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-switch-"));
  const serverLog: string[] = [];
  let app: ChildProcess | undefined;
  let browser: Browser | undefined;
  let embeddedDb: { close(): Promise<void> } | undefined;
  let dbCreated = false;
  let cleaning: Promise<void> | undefined;
  const cleanup = () =>
    (cleaning ??= (async () => {
      await Promise.race([browser?.close().catch(() => {}), new Promise((r) => setTimeout(r, 10_000))]);
      await stopBuiltApp(app).catch(() => {});
      const loaded = (globalThis as { __database?: unknown }).__database;
      if (loaded) await (await import("../lib/db")).disconnectDb().catch(() => {});
      await embeddedDb?.close().catch(() => {});
      if (dbCreated) await dropDatabase(dbName).catch((error) => console.error(`could not drop ${dbName}: ${error}`));
      fs.rmSync(dataDir, { recursive: true, force: true });
    })());
  onInterrupt(cleanup);
  const deadline = setTimeout(() => {
    console.error(`\ntimed out after ${timeoutS} s: cleaning up`);
    void cleanup().finally(() => process.exit(1));
  }, timeoutS * 1000);
  deadline.unref();

  try {
    const buildIdFile = path.join(distDir, "BUILD_ID");
    if (!fs.existsSync(buildIdFile))
      throw new Error(`no production build in ${distDir}: run NEXT_DIST_DIR=${distDir} npm run build first`);
    const buildId = fs.readFileSync(buildIdFile, "utf8").trim();
    const builtAt = fs.statSync(buildIdFile).mtime;

    // The scratch database, migrated and seeded in this process, closed before the app opens it.
    const pgliteDir = path.join(dataDir, "pglite");
    let url: string;
    if (embedded) {
      const { openEmbeddedDatabase } = await import("../lib/postgres/embedded");
      const opened = await openEmbeddedDatabase(pgliteDir);
      embeddedDb = opened;
      url = opened.url;
      process.env.DATABASE_POOL_SIZE = "1";
      process.env.DATABASE_KIND = "embedded";
    } else {
      await dropStaleDatabases();
      url = databaseUrl(dbName);
      await createDatabase(dbName);
      dbCreated = true;
    }
    await applyMigrations(url);
    process.env.DATABASE_URL = url;
    const seedStarted = performance.now();
    const seeded = await seed();
    const seededIn = (performance.now() - seedStarted) / 1000;
    const { stopUsage } = await import("../lib/domain/usage");
    await stopUsage();
    await (await import("../lib/db")).disconnectDb();
    await embeddedDb?.close();
    embeddedDb = undefined;
    const databaseLabel = embedded
      ? `embedded PGlite ${pgliteVersion()} (PostgreSQL ${seeded.databaseVersion}), in ${pgliteDir}`
      : `PostgreSQL ${seeded.databaseVersion}, scratch database ${dbName}`;

    app = await startBuiltApp(
      {
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        NEXT_DIST_DIR: distDir,
        NEXTAUTH_SECRET: randomBytes(32).toString("hex"),
        NEXTAUTH_URL: origin,
        PORT: String(port),
        HOST: "127.0.0.1",
        DATA_DIR: dataDir,
        PGLITE_DIR: pgliteDir,
        DATABASE_URL: embedded ? "" : url,
      },
      serverLog,
    );
    const rssStarted = residentMb(app.pid);
    app.on("exit", (code, signal) => {
      if (!cleaning) console.error(`the app exited unexpectedly (${code ?? signal})`);
    });

    // Playwright's own signal handlers would kill the browser and exit before the cleanup drops the database.
    const signals = { handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false };
    browser = await chromium.launch({ ...chromiumLaunchOptions, ...signals });
    const context = await browser.newContext({ viewport });
    const markers = Object.fromEntries(seeded.channels.map((c) => [c.id, c.marker]));
    await context.addInitScript({ content: pageScript(markers, settleMs, visibleTimeoutMs) });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    const consoleTail: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") pageErrors.push(message.text());
      consoleTail.push(`${message.type()}: ${message.text().slice(0, 200)}`);
      if (consoleTail.length > 40) consoleTail.shift();
    });

    const channelUrl = (c: Channel) => `/c/${seeded.communityId}/${c.id}`;
    const within = async <T>(what: string, promise: Promise<T>): Promise<T> => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(async () => {
          const snapshot = await Promise.race([
            page.evaluate("window.__switchBench && window.__switchBench.snapshot()").catch(() => null),
            new Promise((r) => setTimeout(() => r("(page did not answer)"), 2_000)),
          ]);
          const screenshot = path.join(os.tmpdir(), `bench-switch-failure-${stamp}.png`);
          await Promise.race([
            page.screenshot({ path: screenshot }).catch(() => {}),
            new Promise((r) => setTimeout(r, 5_000)),
          ]);
          if (consoleTail.length) console.error(`last console messages of the page:\n  ${consoleTail.join("\n  ")}`);
          reject(
            new Error(
              `${what}: not done within ${stepTimeoutMs} ms (screenshot: ${screenshot}); page: ${JSON.stringify(snapshot)}`,
            ),
          );
        }, stepTimeoutMs);
      });
      try {
        return await Promise.race([promise, timeout]);
      } finally {
        clearTimeout(timer);
      }
    };

    // Sign in as a plain member through the login form.
    const first = seeded.channels[0];
    await page.goto(`${origin}/login?callbackUrl=${encodeURIComponent(channelUrl(first))}`);
    await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
    await page.getByLabel("Username").fill(seeded.readerUsername);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((u) => u.pathname === channelUrl(first), { timeout: stepTimeoutMs });
    await within("the first channel after signing in", page.evaluate("window.__switchBench.done"));

    const open = async (c: Channel): Promise<Result> => {
      await page.goto(`${origin}${channelUrl(c)}`, { timeout: stepTimeoutMs });
      const result = (await within(`opening #${c.name}`, page.evaluate("window.__switchBench.done"))) as Result | null;
      if (!result) throw new Error(`opening #${c.name}: nothing measured at ${page.url()}`);
      if (result.path !== channelUrl(c)) throw new Error(`opened ${result.path}, expected ${channelUrl(c)}`);
      return result;
    };
    const switchTo = async (c: Channel): Promise<Result> => {
      await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
      await page.evaluate(`window.__switchBench.arm(${JSON.stringify(c.marker)})`);
      await page
        .getByRole("complementary", { name: "Channels" })
        .locator(`a[href="${channelUrl(c)}"]`)
        .click({ timeout: stepTimeoutMs });
      const result = (await within(
        `switching to #${c.name}`,
        page.evaluate("window.__switchBench.done"),
      )) as Result | null;
      if (!result) throw new Error(`switching to #${c.name}: nothing measured at ${page.url()}`);
      if (result.start === null) throw new Error(`switching to #${c.name}: the click was not seen by the page`);
      if (result.path !== channelUrl(c)) throw new Error(`switched to ${result.path}, expected ${channelUrl(c)}`);
      return result;
    };
    const toSample = (r: Result, kind: "open" | "switch", target: Channel): Sample => {
      const ms = r.visibleAt === null ? Infinity : r.visibleAt - r.start;
      const present = r.presentAt === null ? NaN : r.presentAt - r.start;
      // in place (geometry) but hidden or drawn over
      const covered = r.visibleAt !== null && r.inPlaceAt !== null ? r.visibleAt - r.inPlaceAt : NaN;
      const common = {
        ms,
        covered,
        longest: r.longest,
        framesPresent: r.framesPresent,
        present,
        leftAfter: r.leftAfter,
        rows: r.rows,
        missed: r.missed,
      };
      if (kind === "open")
        return {
          ...common,
          answer: r.nav ? r.nav.responseEnd : NaN,
          hydrated: r.hydratedAt ?? NaN,
          fetches: 0,
          prefetched: false,
        };
      // The navigation's RSC payload: fetches of the target's path (a hover prefetch may start before the click).
      const until = r.visibleAt ?? Infinity;
      const fetches = r.resources.filter(
        (x) => x.name.includes(channelUrl(target)) && x.type === "fetch" && x.end > 0 && x.end <= until + 1,
      );
      const answeredAt = fetches.length ? Math.max(...fetches.map((x) => x.end)) : NaN;
      return {
        ...common,
        answer: answeredAt - r.start,
        hydrated: NaN,
        fetches: fetches.length,
        prefetched: fetches.some((x) => x.start < r.start),
      };
    };

    // The first sample of each kind whose newest row never showed: a screenshot of what showed instead.
    const screenshots: string[] = [];
    const record = async (kind: string, sample: Sample) => {
      if (sample.missed && !screenshots.some((file) => file.includes(`-${kind}.png`))) {
        const file = path.join(os.tmpdir(), `bench-switch-${stamp}-${kind}.png`);
        await page.screenshot({ path: file }).then(
          () => screenshots.push(file),
          () => {},
        );
      }
      return sample;
    };

    // Warm-up (not counted): page loads of a few channels, a few switches.
    for (let i = 0; i < warmup; i++) await open(seeded.channels[i % seeded.channels.length]);
    const shown = warmup > 0 ? (warmup - 1) % seeded.channels.length : 0;
    for (let i = 1; i <= warmup; i++) await switchTo(seeded.channels[(shown + i) % seeded.channels.length]);

    // Page loads, cycling through the channels.
    const samples = { open: [] as Sample[], first: [] as Sample[], revisit: [] as Sample[] };
    for (let i = 0; i < opens; i++) {
      const c = seeded.channels[i % seeded.channels.length];
      samples.open.push(await record("open", toSample(await open(c), "open", c)));
    }

    // Switch sessions, each from a fresh page load (an empty client state):
    //   c0 →first c1 →revisit c0 →first c2 →revisit c1 →first c3 →revisit c2 …
    // so each revisit goes back to a channel left two switches before.
    let session = 0;
    while (samples.first.length < switches || samples.revisit.length < switches) {
      const offset = (session * (seeded.channels.length - 1)) % seeded.channels.length;
      const order = seeded.channels.map((_, k) => seeded.channels[(offset + k) % seeded.channels.length]);
      await open(order[0]);
      for (let k = 1; k < order.length && (samples.first.length < switches || samples.revisit.length < switches); k++) {
        const next = order[k];
        const back = order[k - 1]; // shown two switches ago (k = 1: the page load)
        if (samples.first.length < switches)
          samples.first.push(await record("first", toSample(await switchTo(next), "switch", next)));
        else await switchTo(next);
        if (samples.revisit.length < switches)
          samples.revisit.push(await record("revisit", toSample(await switchTo(back), "switch", back)));
        else await switchTo(back);
      }
      session++;
    }
    const chromiumVersion = browser.version();
    const rssAfterUse = residentMb(app.pid);
    await browser.close();
    browser = undefined;
    await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
    const rssIdle = residentMb(app.pid);
    await cleanup();
    const loadAfter = os.loadavg();

    console.log(`\nChannel open and switch benchmark — ${started.toISOString()}`);
    console.log(machineLine());
    console.log(
      `load average before ${loadBefore.map((l) => l.toFixed(2)).join(" ")}, after ${loadAfter.map((l) => l.toFixed(2)).join(" ")}`,
    );
    console.log(
      `Node ${process.version}; Chromium ${chromiumVersion} (Debian, headless, software rendering), ${viewport.width}×${viewport.height}`,
    );
    console.log(`database: ${databaseLabel}`);
    console.log(
      `app server RSS (the whole process, the embedded database's thread included): ${fmt(rssStarted, 0)} MB once listening, ` +
        `${fmt(rssAfterUse, 0)} MB after the run, ${fmt(rssIdle, 0)} MB after ${idleSeconds} s idle with no browser`,
    );
    console.log(`build: ${distDir}, BUILD_ID ${buildId}, built ${builtAt.toISOString()}; ${gitLine()}`);
    console.log(
      `seeded ${channelCount} channels × ${messagesPerChannel.toLocaleString("en-US")} messages (1 community, 3 members; ${plain ? "one line each" : "markdown, code blocks, quotes, lists"}) in ${fmt(seededIn, 1)} s; ` +
        `${warmup} page loads and ${warmup} switches of warm-up; ${Math.max(session, 0)} switch session(s), each from a fresh page load`,
    );
    console.log(
      `"visible": the channel's newest [data-testid=message] row fully inside its scroller and the window, not hidden and nothing drawn over it, checked right after each painted frame\n`,
    );
    const ms = (value: number) => (value === Infinity ? `> ${visibleTimeoutMs}` : fmt(value, 0));
    const row = (label: string, list: Sample[]) => {
      const sorted = (pick: (s: Sample) => number) =>
        list
          .map(pick)
          .filter((v) => !Number.isNaN(v))
          .sort((a, b) => a - b);
      const total = sorted((s) => s.ms);
      const visible = list.filter((s) => Number.isFinite(s.ms));
      const p50 = (values: number[]) =>
        fmt(
          percentile(
            values.filter(Number.isFinite).sort((a, b) => a - b),
            50,
          ),
          0,
        );
      console.log(
        `| ${label} | ${list.length} | ${ms(percentile(total, 50))} | ${ms(percentile(total, 95))} | ${ms(total[total.length - 1])} | ${list.length - visible.length} | ` +
          `${p50(list.map((s) => s.answer))} | ${p50(visible.map((s) => s.ms - s.answer))} | ${p50(list.map((s) => s.present))} | ${p50(list.map((s) => s.hydrated))} | ` +
          `${p50(visible.map((s) => s.rows))} | ${visible.filter((s) => s.leftAfter > 0).length} |`,
      );
    };
    console.log(
      "| kind | n | p50 ms | p95 ms | max ms | not visible | answered p50 ms | answered → visible p50 ms | newest row in DOM p50 ms | hydrated p50 ms | rows in DOM p50 | left view within settle |",
    );
    console.log("|---|---|---|---|---|---|---|---|---|---|---|---|");
    row("open (page.goto → newest visible)", samples.open);
    row("switch, first visit (click → newest visible)", samples.first);
    row("switch, revisit (click → newest visible)", samples.revisit);
    const switched = [...samples.first, ...samples.revisit];
    const avgFetches = switched.reduce((n, s) => n + s.fetches, 0) / Math.max(1, switched.length);
    console.log(
      `\nanswered: open = the HTML document fully received (responseEnd, from the navigation's start); switch = the last fetch of the channel's path (RSC payload) received, from the click.` +
        `\nswitches: ${fmt(avgFetches, 2)} fetches of the channel's path per switch; ${switched.filter((s) => s.prefetched).length} of ${switched.length} used a fetch started before the click (hover prefetch); ` +
        `${switched.filter((s) => s.fetches === 0).length} showed the channel with no fetch of its path.` +
        `\nsettle: after becoming visible the newest row is watched for ${settleMs} ms; "left view" counts samples where it stopped being fully visible in that time.`,
    );
    const coveredLines = Object.entries(samples).map(([label, list]) => {
      const covered = list
        .map((s) => s.covered)
        .filter((v) => v > 0)
        .sort((a, b) => a - b);
      return `${label} ${covered.length} of ${list.length}${covered.length ? ` (p50 ${fmt(percentile(covered, 50), 0)} ms)` : ""}`;
    });
    const frameLines = Object.entries(samples).map(([label, list]) => {
      const visible = list.filter((s) => Number.isFinite(s.ms));
      const longest = visible.map((s) => s.longest).sort((a, b) => a - b);
      const frames = visible.map((s) => s.framesPresent).sort((a, b) => a - b);
      return `${label}: longest frame p50 ${fmt(percentile(longest, 50), 0)} ms, ${fmt(percentile(frames, 50), 0)} painted frames with the row in the DOM before it showed`;
    });
    console.log(`frames (p50 over the samples that showed): ${frameLines.join("; ")}.`);
    console.log(
      `in place but hidden or drawn over for a frame or more before it showed (the list's own visibility: hidden while it positions, a skeleton): ${coveredLines.join(", ")}.`,
    );
    for (const [label, list] of Object.entries(samples)) {
      const missed = list.filter((s) => s.missed).map((s) => s.missed!);
      if (!missed.length) continue;
      const inDom = missed.filter((m) => m.markerRow);
      const below = inDom
        .map((m) => m.below ?? NaN)
        .filter(Number.isFinite)
        .sort((a, b) => a - b);
      const gaps = inDom
        .filter((m) => m.scroller)
        .map((m) => m.scroller!.scrollHeight - m.scroller!.scrollTop - m.scroller!.clientHeight)
        .sort((a, b) => a - b);
      console.log(
        `not visible within ${visibleTimeoutMs} ms (${label}): ${missed.length} samples; newest row in the DOM in ${inDom.length}, in place but hidden or drawn over in ${missed.filter((m) => m.covered).length}` +
          (below.length
            ? `, its edge ${fmt(below[0], 0)}–${fmt(below[below.length - 1], 0)} px outside the visible box (positive: below), the scroller ${fmt(gaps[0], 0)}–${fmt(gaps[gaps.length - 1], 0)} px from its bottom`
            : "") +
          `; last row shown: "${missed[0].lastRow ?? "none"}"`,
      );
    }
    if (screenshots.length)
      console.log(`screenshots of the first sample not visible, by kind: ${screenshots.join(", ")}`);
    if (pageErrors.length)
      console.log(`page errors / console errors: ${pageErrors.length}, first: ${pageErrors[0].slice(0, 200)}`);
  } catch (error) {
    if (serverLog.length) console.error(`\nlast lines of the app's output:\n${serverLog.slice(-30).join("\n")}`);
    throw error;
  } finally {
    clearTimeout(deadline);
    await cleanup();
  }
}

/**
 * Databases of runs killed outright (SIGKILL: tsx kills its child when it does not answer a relayed
 * Ctrl-C within 60 ms, so no cleanup ran): bench_switch_<start ms> older than six hours.
 */
async function dropStaleDatabases() {
  const { rows } = await adminQuery(`SELECT datname FROM pg_database WHERE datname ~ '^bench_switch_[0-9]+$'`);
  for (const { datname } of rows as Array<{ datname: string }>) {
    if (Number(datname.slice("bench_switch_".length)) > Date.now() - 6 * 3600_000) continue;
    console.error(`dropping ${datname}, left by an earlier run`);
    await dropDatabase(datname);
  }
}

function pgliteVersion(): string {
  try {
    return JSON.parse(fs.readFileSync("node_modules/@electric-sql/pglite/package.json", "utf8")).version;
  } catch {
    return "?";
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
