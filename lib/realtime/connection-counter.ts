import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { startHeartbeat } from "./redis";

/**
 * Open sockets per user and per client address, across every app process (through Redis) or in
 * this one. `admit` reserves a place atomically or refuses; `release` gives it back.
 */
export interface ConnectionCounter {
  admit(
    socketId: string,
    userId: string,
    address: string,
    caps: { perUser: number; perAddress: number },
  ): Promise<boolean>;
  release(socketId: string): Promise<void>;
  close(): Promise<void>;
}

class LocalConnectionCounter implements ConnectionCounter {
  private readonly open = new Map<string, number>();
  private readonly held = new Map<string, string[]>(); // socket id → its keys

  async admit(socketId: string, userId: string, address: string, caps: { perUser: number; perAddress: number }) {
    const keys = [`u:${userId}`, `a:${address}`];
    if ((this.open.get(keys[0]) ?? 0) >= caps.perUser || (this.open.get(keys[1]) ?? 0) >= caps.perAddress) return false;
    for (const key of keys) this.open.set(key, (this.open.get(key) ?? 0) + 1);
    this.held.set(socketId, keys);
    return true;
  }

  async release(socketId: string) {
    for (const key of this.held.get(socketId) ?? []) {
      const count = (this.open.get(key) ?? 0) - 1;
      if (count > 0) this.open.set(key, count);
      else this.open.delete(key);
    }
    this.held.delete(socketId);
  }

  async close() {}
}

// One set per user and per address of `${server}:${socket}`; members of a server whose heartbeat
// key expired (a crashed process) are dropped whenever the set is counted.
const admitLua = `
local function live(key, prefix)
  local count = 0
  for _, member in ipairs(redis.call('SMEMBERS', key)) do
    local server = string.match(member, '^([^:]+):')
    if server and redis.call('EXISTS', prefix .. server) == 1 then count = count + 1 else redis.call('SREM', key, member) end
  end
  return count
end
if live(KEYS[1], ARGV[4]) >= tonumber(ARGV[2]) or live(KEYS[2], ARGV[4]) >= tonumber(ARGV[3]) then return 0 end
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('SADD', KEYS[2], ARGV[1])
return 1`;

const SERVER_PREFIX = "conn:server:";

class RedisConnectionCounter implements ConnectionCounter {
  private readonly serverId = randomBytes(8).toString("hex");
  private readonly held = new Map<string, string[]>(); // socket id → its sets
  private readonly stopHeartbeat: () => Promise<void>;

  constructor(private readonly client: Redis) {
    this.stopHeartbeat = startHeartbeat(client, `${SERVER_PREFIX}${this.serverId}`);
  }

  async admit(socketId: string, userId: string, address: string, caps: { perUser: number; perAddress: number }) {
    const keys = [`conn:user:${userId}`, `conn:addr:${address}`];
    const member = `${this.serverId}:${socketId}`;
    const admitted =
      (await this.client.eval(admitLua, 2, ...keys, member, caps.perUser, caps.perAddress, SERVER_PREFIX)) === 1;
    if (admitted) this.held.set(socketId, keys);
    return admitted;
  }

  async release(socketId: string) {
    const keys = this.held.get(socketId);
    if (!keys) return;
    this.held.delete(socketId);
    const member = `${this.serverId}:${socketId}`;
    await Promise.all(keys.map((key) => this.client.srem(key, member))).catch(() => {});
  }

  async close() {
    await Promise.all([...this.held.keys()].map((socketId) => this.release(socketId)));
    await this.stopHeartbeat();
  }
}

export function createConnectionCounter(client: Redis | null): ConnectionCounter {
  return client ? new RedisConnectionCounter(client) : new LocalConnectionCounter();
}
