// The built app's resident memory at rest (issue 17, item 7: idle RSS): the bundled `server.ts`
// (production) started on a fresh embedded folder and on a fresh PostgreSQL database, twice each (the
// first start creates the database), `/login` and `/api/health` loaded, then IDLE_S seconds idle; RSS
// of the whole process (the embedded database's thread included) after 20 s and after IDLE_S s (V8
// gives back the start's garbage some 20–30 s after the last request).
//   NEXT_BUILD_SKIP_TYPECHECK=1 npm run build && npx tsx bench/idle-rss.ts
//   env (or --name=value flags): IDLE_S=20  PORT=3295  SETUPS=postgres,embedded  NEXT_DIST_DIR=.next
//        PGLITE_SHARED_BUFFERS (passed to the app)  DATABASE_URL=postgres://…/postgres (a scratch database is made next to it)
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  createDatabase,
  databaseUrl,
  dropDatabase,
  fmt,
  gitLine,
  machineLine,
  onInterrupt,
  residentMb,
  setting,
  startBuiltApp,
  stopBuiltApp,
} from "./support";

const idleSeconds = Math.max(20, setting("IDLE_S", 60));
const earlySeconds = 20;
const port = setting("PORT", 3295);
const setups = (process.env.SETUPS ?? "postgres,embedded").split(",").map((s) => s.trim());
const distDir = process.env.NEXT_DIST_DIR || ".next";
const origin = `http://127.0.0.1:${port}`;

async function main() {
  const loadBefore = os.loadavg();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-idle-rss-"));
  const dbName = `bench_idle_rss_${Date.now()}`;
  let app: ChildProcess | undefined;
  let dbCreated = false;
  const cleanup = async () => {
    await stopBuiltApp(app).catch(() => {});
    if (dbCreated) await dropDatabase(dbName).catch(() => {});
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  onInterrupt(cleanup);
  const rows: string[] = [];
  try {
    if (!fs.existsSync(path.join(distDir, "BUILD_ID"))) throw new Error(`no production build in ${distDir}`);
    for (const setup of setups) {
      if (setup === "postgres") {
        await createDatabase(dbName);
        dbCreated = true;
      }
      const rss: number[] = [];
      const early: number[] = [];
      for (let start = 0; start < 2; start++) {
        const log: string[] = [];
        app = await startBuiltApp(
          {
            NODE_ENV: "production",
            NEXT_TELEMETRY_DISABLED: "1",
            NEXT_DIST_DIR: distDir,
            PORT: String(port),
            HOST: "127.0.0.1",
            DATA_DIR: path.join(dataDir, setup),
            DATABASE_URL: setup === "postgres" ? databaseUrl(dbName) : "",
          },
          log,
        );
        for (const route of ["/login", "/api/health"]) await (await fetch(`${origin}${route}`)).arrayBuffer();
        await new Promise((resolve) => setTimeout(resolve, earlySeconds * 1000));
        early.push(residentMb(app.pid));
        await new Promise((resolve) => setTimeout(resolve, (idleSeconds - earlySeconds) * 1000));
        rss.push(residentMb(app.pid));
        await stopBuiltApp(app);
        app = undefined;
      }
      rows.push(`| ${setup} | ${fmt(early[0], 0)} | ${fmt(rss[0], 0)} | ${fmt(early[1], 0)} | ${fmt(rss[1], 0)} |`);
      process.stderr.write(`  ${setup}: ${rss.map((r) => fmt(r, 0)).join(", ")} MB\n`);
    }
  } finally {
    await cleanup();
  }
  console.log(`\nIdle RSS — ${new Date().toISOString()}`);
  console.log(
    `${machineLine()}; load average at start ${loadBefore.map((l) => l.toFixed(2)).join(" ")}; node ${process.version}; ${gitLine()}`,
  );
  console.log(
    `${distDir}/app-server/server.mjs (production); each start: /login and /api/health loaded, then ${idleSeconds} s idle; PGLITE_SHARED_BUFFERS ${process.env.PGLITE_SHARED_BUFFERS ?? "default"}\n`,
  );
  console.log(
    `| database | first start (creates it), ${earlySeconds} s MB | …${idleSeconds} s MB | second start, ${earlySeconds} s MB | …${idleSeconds} s MB |`,
  );
  console.log("|---|---|---|---|---|");
  for (const row of rows) console.log(row);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
