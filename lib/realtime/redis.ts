import { Redis } from "ioredis";

/**
 * A Redis connection when REDIS_URL is set (several app processes share Socket.IO broadcasts,
 * presence and rate limits through it); null without REDIS_URL, and everything stays in this
 * process. Each Socket.IO server owns the connection it opens and closes it with itself.
 */
export function connectRedis(): Redis | null {
  const url = process.env.REDIS_URL;
  if (!url) return null;
  const client = new Redis(url, { maxRetriesPerRequest: 3 });
  client.on("error", (error) => console.error(`Redis: ${error.message}`));
  return client;
}

export async function closeRedis(client: Redis | null | undefined) {
  if (client) await client.quit().catch(() => client.disconnect());
}

const HEARTBEAT_MS = 10_000;
const HEARTBEAT_TTL_SECONDS = 30;

/**
 * This process's liveness key (renewed every 10 s, gone 30 s after a crash): entries a process
 * keeps in shared Redis sets carry its id and stop counting once its key is gone. Returns the stop.
 */
export function startHeartbeat(client: Redis, key: string): () => Promise<void> {
  const beat = () => void client.set(key, "1", "EX", HEARTBEAT_TTL_SECONDS).catch(() => {});
  beat();
  const timer = setInterval(beat, HEARTBEAT_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await client.del(key).catch(() => {});
  };
}
