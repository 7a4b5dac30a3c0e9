import fs from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { openPgliteInstances as openInstances } from "./instances";

/**
 * The embedded PostgreSQL (PGlite) served over the PostgreSQL wire protocol on loopback, so the
 * app, scripts and psql all use one driver (adapter-pg). It runs in a worker thread
 * (embedded-worker.mjs), so a long query no longer stalls the app's event loop
 * (bench/embedded-stall.ts). PGlite does not lock its data folder and a second instance on the
 * same folder silently corrupts it, so opening takes an exclusive lock file.
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

/**
 * PostgreSQL's settings for the embedded database. shared_buffers: 64 MB instead of 128 MB, ≈ 60 MB
 * less resident memory (PGlite touches all of it at start); 16 MB saved 50 MB more but every page
 * it missed went through PGlite's file system, and sends at 100/s waited 8× longer (bench/RESULTS.md).
 */
const postgresqlconf = [`shared_buffers=${process.env.PGLITE_SHARED_BUFFERS ?? "64MB"}`];

const startWorker = (options: { dataDir: string | null; initializeOnly: boolean }) =>
  new Worker(new URL("./embedded-worker.mjs", import.meta.url), { workerData: { ...options, postgresqlconf } });

/** The worker thread's next message; its failure or exit first is an error. */
function answerOf<T>(worker: Worker): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onMessage = (message: T) => settle(() => resolve(message));
    const onError = (error: Error) => settle(() => reject(error));
    const onExit = (code: number) =>
      settle(() => reject(new Error(`The embedded database's thread stopped (exit code ${code}).`)));
    const settle = (then: () => void) => {
      worker.off("message", onMessage).off("error", onError).off("exit", onExit);
      then();
    };
    worker.once("message", onMessage).once("error", onError).once("exit", onExit);
  });
}

/** Opens PGlite (a folder, or in memory when dataDir is null) and serves it on 127.0.0.1:<free port>. */
export async function openEmbeddedDatabase(dataDir: string | null): Promise<EmbeddedDatabase> {
  let releaseLock = () => {};
  if (dataDir) {
    fs.mkdirSync(dataDir, { recursive: true });
    releaseLock = acquireLock(`${dataDir}.lock`);
  }
  try {
    // A new folder is made by PostgreSQL's initdb, which leaves ≈ 550 MB of WebAssembly memory
    // behind in the thread that ran it: a thread of its own, ended before the one that serves.
    if (dataDir && !fs.existsSync(path.join(dataDir, "PG_VERSION"))) {
      const initializer = startWorker({ dataDir, initializeOnly: true });
      await answerOf(initializer);
      await initializer.terminate();
    }
    const worker = startWorker({ dataDir, initializeOnly: false });
    const stopped = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
    const { address } = await answerOf<{ address: string }>(worker);
    worker.on("error", (error) => console.error("The embedded database's thread failed:", error));
    let closed = false;
    const handle: EmbeddedDatabase = {
      url: `postgresql://postgres:postgres@${address}/postgres?sslmode=disable`,
      dataDir,
      async close() {
        if (closed) return;
        closed = true;
        openInstances.delete(handle);
        const done = answerOf(worker);
        worker.postMessage("close");
        await done.catch(() => undefined); // a thread that already failed has nothing left to write
        await worker.terminate();
        await stopped;
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
