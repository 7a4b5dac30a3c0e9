import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { startHeartbeat } from "./redis";
import type { PresenceStatus } from "../dto";
import { PresenceRegistry } from "./presence";

export type PresenceChange = { userId: string; status: PresenceStatus } | null;

/** Presence across every app process: in this process alone, or shared through Redis. */
export interface PresenceStore {
  connect(userId: string, socketId: string): Promise<PresenceChange>;
  disconnect(socketId: string): Promise<PresenceChange>;
  setIdle(socketId: string, idle: boolean): Promise<PresenceChange>;
  statusOf(userIds: string[]): Promise<Record<string, PresenceStatus>>;
  close(): Promise<void>;
}

class LocalPresenceStore implements PresenceStore {
  private readonly registry = new PresenceRegistry();
  async connect(userId: string, socketId: string) {
    return this.registry.connect(userId, socketId);
  }
  async disconnect(socketId: string) {
    return this.registry.disconnect(socketId);
  }
  async setIdle(socketId: string, idle: boolean) {
    return this.registry.setIdle(socketId, idle);
  }
  async statusOf(userIds: string[]) {
    return Object.fromEntries(userIds.map((id) => [id, this.registry.statusOf(id)]));
  }
  async close() {}
}

// A user's sockets live in one hash, `${server}:${socket}` → "1" active / "0" idle. Entries of a
// server whose heartbeat key expired (a crashed process) are dropped whenever the hash is read.
const statusLua = `
local function status(key, prefix)
  local entries = redis.call('HGETALL', key)
  local any, active = false, false
  for i = 1, #entries, 2 do
    local server = string.match(entries[i], '^([^:]+):')
    if server and redis.call('EXISTS', prefix .. server) == 1 then
      any = true
      if entries[i + 1] == '1' then active = true end
    else
      redis.call('HDEL', key, entries[i])
    end
  end
  if active then return 'online' elseif any then return 'idle' end
  return 'offline'
end`;

const changeLua = `${statusLua}
local before = status(KEYS[1], ARGV[4])
if ARGV[1] == 'set' then redis.call('HSET', KEYS[1], ARGV[2], ARGV[3]) else redis.call('HDEL', KEYS[1], ARGV[2]) end
return { before, status(KEYS[1], ARGV[4]) }`;

const readLua = `${statusLua}
return status(KEYS[1], ARGV[1])`;

class RedisPresenceStore implements PresenceStore {
  private readonly serverId = randomBytes(8).toString("hex");
  private readonly socketsHere = new Map<string, string>(); // socket id → user id
  private readonly stopHeartbeat: () => Promise<void>;

  constructor(private readonly client: Redis) {
    this.stopHeartbeat = startHeartbeat(client, `presence:server:${this.serverId}`);
  }

  private async change(userId: string, op: "set" | "del", socketId: string, value = "1"): Promise<PresenceChange> {
    const [before, after] = (await this.client.eval(
      changeLua,
      1,
      `presence:user:${userId}`,
      op,
      `${this.serverId}:${socketId}`,
      value,
      "presence:server:",
    )) as [PresenceStatus, PresenceStatus];
    return before === after ? null : { userId, status: after };
  }

  async connect(userId: string, socketId: string) {
    this.socketsHere.set(socketId, userId);
    return this.change(userId, "set", socketId, "1");
  }

  async disconnect(socketId: string) {
    const userId = this.socketsHere.get(socketId);
    if (!userId) return null;
    this.socketsHere.delete(socketId);
    return this.change(userId, "del", socketId);
  }

  async setIdle(socketId: string, idle: boolean) {
    const userId = this.socketsHere.get(socketId);
    return userId ? this.change(userId, "set", socketId, idle ? "0" : "1") : null;
  }

  async statusOf(userIds: string[]) {
    const pipeline = this.client.pipeline();
    for (const id of userIds) pipeline.eval(readLua, 1, `presence:user:${id}`, "presence:server:");
    const results = (await pipeline.exec()) ?? [];
    return Object.fromEntries(
      userIds.map((id, i) => [id, (results[i]?.[1] as PresenceStatus | undefined) ?? "offline"]),
    );
  }

  async close() {
    // this server's sockets are gone: clear them now rather than when the heartbeat expires
    await Promise.all([...this.socketsHere.keys()].map((socketId) => this.disconnect(socketId).catch(() => null)));
    await this.stopHeartbeat();
  }
}

export function createPresenceStore(client: Redis | null): PresenceStore {
  return client ? new RedisPresenceStore(client) : new LocalPresenceStore();
}
