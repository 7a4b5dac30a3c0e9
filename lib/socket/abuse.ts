import type { ClientToServerEvents } from "../realtime/events";
import { isRefusal, rateLimiter } from "../domain/rate-limits";

/**
 * What one client may ask of the realtime server (SPEC "hostile clients"): sockets per user and per
 * address, an event budget per socket and event class, a size per event. A socket that keeps
 * flooding after its budget is spent is disconnected and its user waits before reconnecting.
 */
export type EventClass = "read" | "write" | "typing" | "presence";

export const eventClass = {
  "channel:subscribe": "read",
  "channel:unsubscribe": "read",
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
  "status:set": "write",
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

type Budgets = Record<EventClass, { burst: number; perSecond: number }>;
/** Every budget times `scale` (SOCKET_BUDGET_SCALE: the e2e suite writes history faster than people type). */
const scaled = (scale: number, budgets: Budgets): Budgets =>
  Object.fromEntries(
    Object.entries(budgets).map(([kind, { burst, perSecond }]) => [
      kind,
      { burst: burst * scale, perSecond: perSecond * scale },
    ]),
  ) as Budgets;

export const socketLimits = {
  /** open sockets of one user, across processes with Redis (SOCKETS_PER_USER) */
  perUser: setting("SOCKETS_PER_USER", 20),
  /** open sockets from one address, across processes with Redis (SOCKETS_PER_IP) */
  perAddress: setting("SOCKETS_PER_IP", 500),
  /** per socket and class: a bucket of `burst` events refilled at `perSecond`; a user's sockets together get `userScale` times that (counted per window of burst/perSecond seconds) */
  budgets: scaled(setting("SOCKET_BUDGET_SCALE", 1), {
    read: { burst: 60, perSecond: 20 },
    write: { burst: 30, perSecond: 10 },
    typing: { burst: 5, perSecond: 1 },
    presence: { burst: 30, perSecond: 10 },
  }),
  userScale: 3,
  /** refused events within `floodWindowMs` that end the connection */
  floodRefusals: 100,
  floodWindowMs: 10_000,
  /** how long a flooder's user is refused new sockets (SOCKET_FLOOD_COOLDOWN_MS) */
  floodCooldownMs: setting("SOCKET_FLOOD_COOLDOWN_MS", 30_000),
};

const monotonicNow = () => performance.now();

/** One socket's budgets: `take` answers 0 when the event may run, else the milliseconds until it could. */
export class EventBudget {
  private readonly tokens = new Map<EventClass, { tokens: number; at: number }>();
  private refusals: number[] = [];

  constructor(private readonly clock: () => number = monotonicNow) {}

  take(kind: EventClass): number {
    const { burst, perSecond } = socketLimits.budgets[kind];
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

  /** A refusal decided elsewhere (the user's shared budget) counts towards flooding too. */
  noteRefusal() {
    this.refusals.push(this.clock());
  }

  /** True once refusals within the flood window reach the limit. */
  flooding(): boolean {
    const since = this.clock() - socketLimits.floodWindowMs;
    if (this.refusals.length && this.refusals[0] < since) this.refusals = this.refusals.filter((at) => at >= since);
    return this.refusals.length >= socketLimits.floodRefusals;
  }
}

/** What all of a user's sockets together may still ask, in every process (Redis when configured): 0, or the wait in ms. */
export async function takeUserEventTurn(userId: string, kind: EventClass): Promise<number> {
  const { burst, perSecond } = socketLimits.budgets[kind];
  const points = burst * socketLimits.userScale;
  try {
    await rateLimiter(`socketEvents-${kind}`, points, Math.max(1, Math.round(burst / perSecond))).consume(userId);
    return 0;
  } catch (error) {
    if (isRefusal(error)) return Math.max(1, error.msBeforeNext);
    throw error;
  }
}

const floodLimiter = () => rateLimiter("socketFlood", 1, Math.max(1, Math.ceil(socketLimits.floodCooldownMs / 1000)));

/** The user (not the address: people behind one NAT share it) waits before opening sockets again, in every process. */
export async function coolOff(userId: string) {
  await floodLimiter().block(userId, socketLimits.floodCooldownMs / 1000);
}

/** The milliseconds a flooder still waits before a new socket, or 0. */
export async function coolingFor(userId: string): Promise<number> {
  const state = await floodLimiter().get(userId);
  return state && state.consumedPoints > 1 ? Math.max(0, state.msBeforeNext) : 0;
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
