import type { ClientToServerEvents } from "../realtime/events";

/**
 * What one client may ask of the realtime server (SPEC "hostile clients"): sockets per user and per
 * address, an event budget per socket and event class, a size per event. A socket that keeps
 * flooding after its budget is spent is disconnected and its user waits before reconnecting.
 */
export type EventClass = "read" | "write" | "typing" | "presence";

export const eventClass = {
  "channel:subscribe": "read",
  "channel:unsubscribe": "read",
  "message:history": "read",
  "thread:get": "read",
  "thread:list": "read",
  "read:states": "read",
  "message:send": "write",
  "message:edit": "write",
  "message:delete": "write",
  "message:react": "write",
  "message:pin": "write",
  "channel:read": "write",
  "community:read": "write",
  "notify:set": "write",
  "user:block": "write",
  "thread:create": "write",
  "thread:update": "write",
  "thread:follow": "write",
  "typing:start": "typing",
  "presence:idle": "presence",
  "presence:query": "presence",
} satisfies Record<keyof ClientToServerEvents, EventClass>;

/** Bytes of JSON an event's payload may take; message text (4,000 characters, escaped) needs the most. */
export const payloadBytes = (event: keyof ClientToServerEvents) =>
  event === "message:send" || event === "message:edit" ? 64 * 1024 : event === "presence:query" ? 32 * 1024 : 4 * 1024;

const setting = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
};

export const socketLimits = {
  /** open sockets of one user in this process (SOCKETS_PER_USER) */
  perUser: setting("SOCKETS_PER_USER", 20),
  /** open sockets from one address in this process (SOCKETS_PER_IP) */
  perAddress: setting("SOCKETS_PER_IP", 500),
  /** per socket and class: a bucket of `burst` events refilled at `perSecond`; a user's sockets together get `userScale` times that */
  budgets: {
    read: { burst: 60, perSecond: 20 },
    write: { burst: 30, perSecond: 10 },
    typing: { burst: 5, perSecond: 1 },
    presence: { burst: 30, perSecond: 10 },
  } satisfies Record<EventClass, { burst: number; perSecond: number }>,
  userScale: 3,
  /** refused events within `floodWindowMs` that end the connection */
  floodRefusals: 100,
  floodWindowMs: 10_000,
  /** how long a flooder's user is refused new sockets (SOCKET_FLOOD_COOLDOWN_MS) */
  floodCooldownMs: setting("SOCKET_FLOOD_COOLDOWN_MS", 30_000),
};

/** One socket's (or one user's) budgets: `take` answers 0 when the event may run, else the milliseconds until it could. */
export class EventBudget {
  private readonly tokens = new Map<EventClass, { tokens: number; at: number }>();
  private refusals: number[] = [];

  constructor(
    private readonly clock: () => number = () => performance.now(),
    private readonly scale = 1,
  ) {}

  take(kind: EventClass): number {
    const burst = socketLimits.budgets[kind].burst * this.scale;
    const perSecond = socketLimits.budgets[kind].perSecond * this.scale;
    const at = this.clock();
    const bucket = this.tokens.get(kind) ?? { tokens: burst, at };
    bucket.tokens = Math.min(burst, bucket.tokens + ((at - bucket.at) * perSecond) / 1000);
    bucket.at = at;
    this.tokens.set(kind, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    this.refusals.push(at);
    return Math.ceil(((1 - bucket.tokens) * 1000) / perSecond);
  }

  /** True once refusals within the flood window reach the limit. */
  flooding(): boolean {
    const since = this.clock() - socketLimits.floodWindowMs;
    if (this.refusals.length && this.refusals[0] < since) this.refusals = this.refusals.filter((at) => at >= since);
    return this.refusals.length >= socketLimits.floodRefusals;
  }
}

/** Open sockets per user and per address in this process, each user's shared budget, and which users are cooling off after a flood. */
export class ConnectionLedger {
  private readonly open = new Map<string, number>();
  private readonly coolingUntil = new Map<string, number>();
  private readonly userBudgets = new Map<string, EventBudget>();

  constructor(private readonly clock: () => number = () => performance.now()) {}

  /** Reserves a place for a socket, or says why not. Release with `release` when the socket goes. */
  admit(userId: string, address: string): "ok" | "too-many" | "cooling" {
    const keys = [`u:${userId}`, `a:${address}`];
    const until = this.coolingUntil.get(userId);
    if (until !== undefined && until > this.clock()) return "cooling";
    if (until !== undefined) this.coolingUntil.delete(userId);
    if ((this.open.get(keys[0]) ?? 0) >= socketLimits.perUser || (this.open.get(keys[1]) ?? 0) >= socketLimits.perAddress) return "too-many";
    for (const key of keys) this.open.set(key, (this.open.get(key) ?? 0) + 1);
    return "ok";
  }

  /** The budget all of an admitted user's sockets draw on (besides their own). */
  budgetOf(userId: string): EventBudget {
    let budget = this.userBudgets.get(userId);
    if (!budget) this.userBudgets.set(userId, (budget = new EventBudget(this.clock, socketLimits.userScale)));
    return budget;
  }

  release(userId: string, address: string) {
    for (const key of [`u:${userId}`, `a:${address}`]) {
      const count = (this.open.get(key) ?? 0) - 1;
      if (count > 0) this.open.set(key, count);
      else this.open.delete(key);
    }
    if (!this.open.has(`u:${userId}`)) this.userBudgets.delete(userId);
  }

  /** The user (not the address: people behind one NAT share it) waits before opening sockets again. */
  coolOff(userId: string) {
    this.coolingUntil.set(userId, this.clock() + socketLimits.floodCooldownMs);
  }
}

/** The JSON size of a payload, stopping early once it is over `limit`. */
export function payloadTooLarge(payload: unknown, limit: number): boolean {
  if (payload === undefined || payload === null) return false;
  try {
    const json = JSON.stringify(payload);
    return json !== undefined && json.length > limit / 3 && Buffer.byteLength(json) > limit;
  } catch {
    return true;
  }
}
