import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { embeddedInstanceCount } from "./instances";
import { openEmbeddedDatabase } from "./embedded";

const folder = fs.mkdtempSync(path.join(os.tmpdir(), "pglite-lock-"));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("embedded database", () => {
  it("opens a folder once: a second open is refused while the first holds it, and data survives a reopen", async () => {
    const dataDir = path.join(folder, "db");
    const first = await openEmbeddedDatabase(dataDir);
    expect(embeddedInstanceCount()).toBe(1);
    await expect(openEmbeddedDatabase(dataDir)).rejects.toThrow("already open in this process");
    expect(embeddedInstanceCount()).toBe(1);

    await query(first.url, "CREATE TABLE kept (n int); INSERT INTO kept SELECT generate_series(1, 1000)");
    await first.close();
    expect(embeddedInstanceCount()).toBe(0);

    const again = await openEmbeddedDatabase(dataDir);
    expect(await query(again.url, "SELECT count(*)::int AS n FROM kept")).toEqual([{ n: 1000 }]);
    await again.close();
  });

  it("takes over the lock of a process that died", async () => {
    const dataDir = path.join(folder, "stale");
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(`${dataDir}.lock`, "999999999"); // no such process
    const db = await openEmbeddedDatabase(dataDir);
    expect(fs.readFileSync(`${dataDir}.lock`, "utf8")).toBe(String(process.pid));
    await db.close();
    expect(fs.existsSync(`${dataDir}.lock`)).toBe(false);
  });
});
