import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { openPgliteInstances as openInstances } from "./instances";

/**
 * The embedded PostgreSQL (PGlite) served over the PostgreSQL wire protocol on loopback, so the
 * app, scripts and psql all use one driver (adapter-pg). PGlite does not lock its data folder and a
 * second instance on the same folder silently corrupts it, so opening takes an exclusive lock file.
 */
export type EmbeddedDatabase = { url: string; dataDir: string | null; close(): Promise<void> };

export const defaultDataDir = () => path.resolve(process.env.PGLITE_DIR ?? ".data/pglite");

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function acquireLock(lockPath: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lockPath, "wx");
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      return () => fs.rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(fs.readFileSync(lockPath, "utf8"));
      if (holder && holder !== process.pid && isAlive(holder)) {
        throw new Error(
          `The embedded database in ${path.dirname(lockPath)} is already open in process ${holder}. ` +
            "Stop that process first (PGlite must never be opened twice).",
          { cause: error },
        );
      }
      if (holder === process.pid)
        throw new Error("The embedded database is already open in this process.", { cause: error });
      fs.rmSync(lockPath, { force: true }); // stale lock from a process that died
    }
  }
  throw new Error("Could not lock the embedded database folder.");
}

/** Opens PGlite (a folder, or in memory when dataDir is null) and serves it on 127.0.0.1:<free port>. */
export async function openEmbeddedDatabase(dataDir: string | null): Promise<EmbeddedDatabase> {
  let releaseLock = () => {};
  if (dataDir) {
    fs.mkdirSync(dataDir, { recursive: true });
    releaseLock = acquireLock(`${dataDir}.lock`);
  }
  try {
    const db = await PGlite.create(dataDir ? { dataDir } : {});
    const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 8 });
    await server.start();
    const address = server.getServerConn();
    let closed = false;
    const handle: EmbeddedDatabase = {
      url: `postgresql://postgres:postgres@${address}/postgres?sslmode=disable`,
      dataDir,
      async close() {
        if (closed) return;
        closed = true;
        openInstances.delete(handle);
        await server.stop();
        await db.close();
        releaseLock();
      },
    };
    openInstances.add(handle);
    return handle;
  } catch (error) {
    releaseLock();
    throw error;
  }
}
