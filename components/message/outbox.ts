import type { ReplyPreviewDTO } from "@/lib/dto";
import { ErrorCode } from "@/lib/error-codes";

/**
 * The outbox: text messages typed but not yet acknowledged by the server, kept in the browser
 * (localStorage) per user and channel so a reload, a closed tab or a lost connection loses none.
 * Pure functions over a Storage-like object; the hook in use-channel-messages.ts sends from it.
 */

export type OutboxStorage = Pick<Storage, "getItem" | "setItem" | "removeItem">;

export type OutboxEntry = {
  nonce: string;
  content: string;
  replyTo: ReplyPreviewDTO | null;
  createdAt: string;
  /** position in the channel's queue: sends go out in this order */
  order: number;
  status: "pending" | "failed";
  /** the server's reason, for a failed entry */
  error?: string;
};

export type OutboxDraft = Pick<OutboxEntry, "nonce" | "content" | "replyTo" | "createdAt">;

export const OUTBOX_LIMIT_PER_CHANNEL = 100;

export const outboxKey = (userId: string, channelId: string) => `outbox:v1:${userId}:${channelId}`;

/** The channels whose outbox holds something for this user (from the storage's keys). */
export function outboxChannels(storage: Pick<Storage, "key" | "length">, userId: string): string[] {
  const prefix = outboxKey(userId, "");
  const channels: string[] = [];
  try {
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      if (key?.startsWith(prefix)) channels.push(key.slice(prefix.length));
    }
  } catch {
    // storage blocked: nothing survives a reload anyway
  }
  return channels;
}

const isEntry = (value: unknown): value is OutboxEntry => {
  if (!value || typeof value !== "object") return false;
  const entry = value as Record<string, unknown>;
  return (
    typeof entry.nonce === "string" &&
    entry.nonce.length > 0 &&
    typeof entry.content === "string" &&
    typeof entry.createdAt === "string" &&
    typeof entry.order === "number" &&
    Number.isFinite(entry.order) &&
    (entry.status === "pending" || entry.status === "failed") &&
    (entry.replyTo === null ||
      (typeof entry.replyTo === "object" && typeof (entry.replyTo as Record<string, unknown>).id === "string"))
  );
};

const byOrder = (a: OutboxEntry, b: OutboxEntry) =>
  a.order - b.order || (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0);

/** The channel's entries in send order; unreadable storage or malformed entries are skipped. */
export function readOutbox(storage: OutboxStorage, userId: string, channelId: string): OutboxEntry[] {
  let raw: string | null;
  try {
    raw = storage.getItem(outboxKey(userId, channelId));
  } catch {
    return [];
  }
  if (!raw) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  const entries = new Map<string, OutboxEntry>();
  for (const entry of parsed) if (isEntry(entry) && !entries.has(entry.nonce)) entries.set(entry.nonce, entry);
  return [...entries.values()].sort(byOrder);
}

type WriteResult = { ok: true } | { ok: false; message: string };

function writeOutbox(storage: OutboxStorage, userId: string, channelId: string, entries: OutboxEntry[]): WriteResult {
  const key = outboxKey(userId, channelId);
  try {
    if (entries.length === 0) storage.removeItem(key);
    else storage.setItem(key, JSON.stringify(entries));
    return { ok: true };
  } catch {
    // quota exceeded, or storage switched off by the browser
    return {
      ok: false,
      message: "This browser could not keep the message for sending: its storage is full or switched off.",
    };
  }
}

/**
 * Queues a message at the end of the channel's outbox (a nonce already queued is set pending again,
 * keeping its place). Refuses past the bound rather than dropping anything.
 */
export function addToOutbox(
  storage: OutboxStorage,
  userId: string,
  channelId: string,
  draft: OutboxDraft,
): WriteResult {
  const entries = readOutbox(storage, userId, channelId);
  const existing = entries.find((entry) => entry.nonce === draft.nonce);
  if (existing) {
    existing.status = "pending";
    delete existing.error;
    return writeOutbox(storage, userId, channelId, entries);
  }
  if (entries.length >= OUTBOX_LIMIT_PER_CHANNEL) {
    return {
      ok: false,
      message: `${OUTBOX_LIMIT_PER_CHANNEL} messages in this channel are still waiting to be sent: send or discard some before writing more.`,
    };
  }
  const order = entries.length > 0 ? entries.at(-1)!.order + 1 : 0;
  entries.push({
    nonce: draft.nonce,
    content: draft.content,
    replyTo: draft.replyTo,
    createdAt: draft.createdAt,
    order,
    status: "pending",
  });
  return writeOutbox(storage, userId, channelId, entries);
}

/** Marks an entry refused for good, with the server's reason (it stays until discarded or retried). */
export function markOutboxFailed(
  storage: OutboxStorage,
  userId: string,
  channelId: string,
  nonce: string,
  error: string,
): WriteResult {
  const entries = readOutbox(storage, userId, channelId);
  const entry = entries.find((candidate) => candidate.nonce === nonce);
  if (!entry) return { ok: true };
  entry.status = "failed";
  entry.error = error;
  return writeOutbox(storage, userId, channelId, entries);
}

/** Removes entries (acknowledged, seen stored, or discarded); answers whether any was there. */
export function removeFromOutbox(
  storage: OutboxStorage,
  userId: string,
  channelId: string,
  nonces: Iterable<string>,
): boolean {
  const gone = new Set(nonces);
  if (gone.size === 0) return false;
  const entries = readOutbox(storage, userId, channelId);
  const kept = entries.filter((entry) => !gone.has(entry.nonce));
  if (kept.length === entries.length) return false;
  writeOutbox(storage, userId, channelId, kept);
  return true;
}

const memoryStorage = (): OutboxStorage => {
  const values = new Map<string, string>();
  return {
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, String(value)),
    removeItem: (key) => void values.delete(key),
  };
};

let fallbackStorage: OutboxStorage | null = null;

/** localStorage, or (blocked by the browser) a store for this page's life only. Call in the browser. */
export function browserOutboxStorage(): OutboxStorage {
  try {
    const storage = window.localStorage;
    storage.getItem("outbox:probe");
    return storage;
  } catch {
    return (fallbackStorage ??= memoryStorage());
  }
}

/**
 * What a refused send means for the outbox. Waits (rate limit, slowmode) retry after the time the
 * server names; server errors and codes this client does not know retry with backoff; every other
 * known code (validation, access, mutes, a disabled community, the quota) is a refusal for good.
 */
export type SendFailureHandling = { kind: "refused" } | { kind: "wait"; ms: number } | { kind: "backoff" };

const TRANSIENT_CODES = new Set<number>([
  ErrorCode.RATE_LIMITED,
  ErrorCode.SLOWMODE,
  ErrorCode.SERVER,
  ErrorCode.GENERIC,
]);
const KNOWN_CODES = new Set<number>(Object.values(ErrorCode));
const DEFAULT_WAIT_MS = 5_000;

export function sendFailureHandling(failure: {
  code: number;
  message: string;
  retryAfterMs?: number;
}): SendFailureHandling {
  if (failure.code === ErrorCode.RATE_LIMITED || failure.code === ErrorCode.SLOWMODE) {
    // the wait the server names, else the one its message says
    if (failure.retryAfterMs !== undefined && failure.retryAfterMs >= 0)
      return { kind: "wait", ms: failure.retryAfterMs + 50 };
    const seconds = Number(/(\d+)\s+seconds?\b/.exec(failure.message)?.[1]);
    return { kind: "wait", ms: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 + 250 : DEFAULT_WAIT_MS };
  }
  if (TRANSIENT_CODES.has(failure.code) || !KNOWN_CODES.has(failure.code)) return { kind: "backoff" };
  return { kind: "refused" };
}

/** Backoff after the nth transient failure in a row (1-based): 2 s, 4 s, 8 s … at most 30 s. */
export const backoffMs = (attempt: number) => Math.min(30_000, 1_000 * 2 ** Math.max(1, attempt));
