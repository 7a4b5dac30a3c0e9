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
