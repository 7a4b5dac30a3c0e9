import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, test } from "./fixtures/test";

// Runs only against the app on the embedded database (see playwright.config.ts).
test("one running app holds one PGlite instance, and no second process can open its folder", async ({ request }) => {
  // touch every kind of server module: page, route handler, auth route, proxy
  expect((await request.get("/login")).status()).toBe(200);
  expect((await request.get("/api/channels/x/messages")).status()).toBe(401);
  expect((await request.get("/api/auth/providers")).status()).toBe(200);
  expect((await request.get("/", { maxRedirects: 0 })).status()).toBe(307);

  const health = await (await request.get("/api/health")).json();
  expect(health).toMatchObject({ ok: true, database: "embedded", pgliteInstances: 1 });

  const dataDir = path.resolve(".data/e2e/embedded");
  const second = spawnSync(process.execPath, [".next/app-server/server.mjs"], {
    env: {
      ...process.env,
      PORT: "3299",
      DATA_DIR: dataDir,
      PGLITE_DIR: path.join(dataDir, "pglite"),
      DATABASE_URL: "",
    },
    encoding: "utf8",
    timeout: 60_000,
  });
  expect(second.status).toBe(1);
  expect(second.stderr).toContain(`is already open in process ${health.pid}`);

  const migrate = spawnSync("npx", ["tsx", "scripts/migrate.ts", "deploy"], {
    env: { ...process.env, PGLITE_DIR: path.join(dataDir, "pglite"), DATABASE_URL: "" },
    encoding: "utf8",
    timeout: 60_000,
  });
  expect(migrate.status).toBe(1);
  expect(migrate.stderr).toContain("already open");

  // the running app is unharmed
  expect(await (await request.get("/api/health")).json()).toMatchObject({
    ok: true,
    pgliteInstances: 1,
    pid: health.pid,
  });
});
