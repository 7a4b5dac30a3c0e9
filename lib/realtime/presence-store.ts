import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { startHeartbeat } from "./redis";
import type { PresenceMode, PresenceStatus } from "../dto";
import { PresenceRegistry } from "./presence";

export type PresenceChange = { userId: string; status: PresenceStatus } | null;

/** Presence across every app process: in this process alone, or shared through Redis. */
export interface PresenceStore {
  /** A new socket of the user, who chose `mode` (read with their session at the handshake). */
  connect(userId: string, socketId: string, mode?: PresenceMode): Promise<PresenceChange>;
  /** The user chose a status. */
  setMode(userId: string, mode: PresenceMode): Promise<PresenceChange>;
  disconnect(socketId: string): Promise<PresenceChange>;
  setIdle(socketId: string, idle: boolean): Promise<PresenceChange>;
  statusOf(userIds: string[]): Promise<Record<string, PresenceStatus>>;
  /**
   * Of these users, those whose status now differs from the one last announced for them (by any
   * process; never announced counts as offline), with that status, which counts as announced from now.
   */
  takeAnnouncements(userIds: string[]): Promise<{ userId: string; status: PresenceStatus }[]>;
  close(): Promise<void>;
}

class LocalPresenceStore implements PresenceStore {
  private readonly registry = new PresenceRegistry();
  private readonly announced = new Map<string, PresenceStatus>(); // absent: offline
  async connect(userId: string, socketId: string, mode?: PresenceMode) {
    return this.registry.connect(userId, socketId, mode);
  }
  async setMode(userId: string, mode: PresenceMode) {
    return this.registry.setMode(userId, mode);
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
  async takeAnnouncements(userIds: string[]) {
    const taken: { userId: string; status: PresenceStatus }[] = [];
    for (const userId of userIds) {
      const status = this.registry.statusOf(userId);
      if (status === (this.announced.get(userId) ?? "offline")) continue;
      if (status === "offline") this.announced.delete(userId);
      else this.announced.set(userId, status);
      taken.push({ userId, status });
    }
    return taken;
  }
  async close() {}
}

// A user's sockets live in one hash, `${server}:${socket}` → "1" active / "0" idle. Entries of a
// server whose heartbeat key expired (a crashed process) are dropped whenever the hash is read.
// Its field "announced" (`${server}:${status}`) is the status last told to the user's communities;
// once that server's heartbeat is gone it counts as unknown, so the next change is told again.
// Its field "mode" is the status the user chose (AUTO, IDLE, DND, INVISIBLE), set at every connect.
const statusLua = `
local function status(key, prefix)
  local entries = redis.call('HGETALL', key)
  local any, active, mode = false, false, 'AUTO'
  for i = 1, #entries, 2 do
    local server = string.match(entries[i], '^([^:]+):')
    if entries[i] == 'announced' then
    elseif entries[i] == 'mode' then mode = entries[i + 1]
    elseif server and redis.call('EXISTS', prefix .. server) == 1 then
      any = true
      if entries[i + 1] == '1' then active = true end
    else
      redis.call('HDEL', key, entries[i])
    end
  end
  if not any or mode == 'INVISIBLE' then return 'offline' end
  if mode == 'DND' then return 'dnd' end
  if active and mode ~= 'IDLE' then return 'online' end
  return 'idle'
end`;

// ARGV: 'set' | 'del' | 'mode', the socket's field, its value, the heartbeat prefix, the chosen mode ('' keeps it)
const changeLua = `${statusLua}
local before = status(KEYS[1], ARGV[4])
if ARGV[5] ~= '' then redis.call('HSET', KEYS[1], 'mode', ARGV[5]) end
if ARGV[1] == 'set' then redis.call('HSET', KEYS[1], ARGV[2], ARGV[3]) elseif ARGV[1] == 'del' then redis.call('HDEL', KEYS[1], ARGV[2]) end
return { before, status(KEYS[1], ARGV[4]) }`;

const readLua = `${statusLua}
return status(KEYS[1], ARGV[1])`;

// KEYS: users' hashes; ARGV: the heartbeat prefix, this server's id. Answers, per key, the status
// to announce or '' (unchanged since the last announcement).
const announceLua = `${statusLua}
local out = {}
for k, key in ipairs(KEYS) do
  local now = status(key, ARGV[1])
  local said = 'offline'
  local announced = redis.call('HGET', key, 'announced')
  if announced then
    local server, told = string.match(announced, '^([^:]+):(%a+)$')
    said = (server and redis.call('EXISTS', ARGV[1] .. server) == 1) and told or 'unknown'
  end
  if now == said then
    out[k] = ''
  else
    if now == 'offline' then redis.call('HDEL', key, 'announced') else redis.call('HSET', key, 'announced', ARGV[2] .. ':' .. now) end
    out[k] = now
  end
end
return out`;
const ANNOUNCE_CHUNK = 500;

class RedisPresenceStore implements PresenceStore {
  private readonly serverId = randomBytes(8).toString("hex");
  private readonly socketsHere = new Map<string, string>(); // socket id → user id
  private readonly stopHeartbeat: () => Promise<void>;

  constructor(private readonly client: Redis) {
    this.stopHeartbeat = startHeartbeat(client, `presence:server:${this.serverId}`);
  }

  private async change(
    userId: string,
    op: "set" | "del" | "mode",
    socketId: string,
    value = "1",
    mode = "",
  ): Promise<PresenceChange> {
    const [before, after] = (await this.client.eval(
      changeLua,
      1,
      `presence:user:${userId}`,
      op,
      `${this.serverId}:${socketId}`,
      value,
      "presence:server:",
      mode,
    )) as [PresenceStatus, PresenceStatus];
    return before === after ? null : { userId, status: after };
  }

  async connect(userId: string, socketId: string, mode: PresenceMode = "AUTO") {
    this.socketsHere.set(socketId, userId);
    return this.change(userId, "set", socketId, "1", mode);
  }

  async setMode(userId: string, mode: PresenceMode) {
    return this.change(userId, "mode", "", "", mode);
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

  async takeAnnouncements(userIds: string[]) {
    const taken: { userId: string; status: PresenceStatus }[] = [];
    for (let from = 0; from < userIds.length; from += ANNOUNCE_CHUNK) {
      const chunk = userIds.slice(from, from + ANNOUNCE_CHUNK);
      const keys = chunk.map((id) => `presence:user:${id}`);
      const statuses = (await this.client.eval(
        announceLua,
        keys.length,
        ...keys,
        "presence:server:",
        this.serverId,
      )) as (PresenceStatus | "")[];
      chunk.forEach((userId, i) => statuses[i] && taken.push({ userId, status: statuses[i] as PresenceStatus }));
    }
    return taken;
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
