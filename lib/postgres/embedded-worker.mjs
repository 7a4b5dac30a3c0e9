// The embedded database's own thread: PGlite runs each query synchronously (WebAssembly), so here it
// blocks this thread and not the app's event loop (sockets, pages). It serves the PostgreSQL wire
// protocol on loopback; embedded.ts starts it, reads the address and stops it. With `initializeOnly`
// it creates the data folder and ends: the thread's memory goes with it (see embedded.ts).
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

const { dataDir, initializeOnly, postgresqlconf } = workerData;
const db = await PGlite.create(dataDir ? { dataDir, postgresqlconf } : { postgresqlconf });
if (initializeOnly) {
  await db.close();
  parentPort.postMessage({ initialized: true });
} else {
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 8 });
  await server.start();
  parentPort.once("message", async () => {
    await server.stop();
    await db.close();
    parentPort.postMessage({ closed: true });
  });
  parentPort.postMessage({ address: server.getServerConn() });
}
