import { describe, expect, test } from "vitest";
import { ErrorCode } from "@/lib/errors";
import type { ReplyPreviewDTO } from "@/lib/dto";
import {
  addToOutbox,
  backoffMs,
  markOutboxFailed,
  OUTBOX_LIMIT_PER_CHANNEL,
  outboxChannels,
  outboxKey,
  readOutbox,
  removeFromOutbox,
  sendFailureHandling,
  type OutboxDraft,
  type OutboxStorage,
} from "./outbox";

/** An in-memory Storage; `failWrites` makes setItem throw like a full localStorage. */
function fakeStorage(initial: Record<string, string> = {}) {
  const values = new Map(Object.entries(initial));
  const storage = {
    failWrites: false,
    values,
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => {
      if (storage.failWrites) throw new DOMException("quota", "QuotaExceededError");
      values.set(key, value);
    },
    removeItem: (key: string) => void values.delete(key),
  };
  return storage satisfies OutboxStorage;
}

const draft = (nonce: string, content = `text ${nonce}`, replyTo: ReplyPreviewDTO | null = null): OutboxDraft => ({
  nonce,
  content,
  replyTo,
  createdAt: "2030-01-02T03:04:05.000Z",
});

const reply: ReplyPreviewDTO = {
  id: "m1",
  author: { id: "u2", username: "bea", displayName: "Bea" },
  type: "TEXT",
  content: "quoted",
  unavailable: false,
};

describe("outbox", () => {
  test("keeps entries in the order they were queued, with their reply preview", () => {
    const storage = fakeStorage();
    for (const nonce of ["c", "a", "b"])
      expect(addToOutbox(storage, "u1", "ch1", draft(nonce, `text ${nonce}`, nonce === "a" ? reply : null))).toEqual({
        ok: true,
      });
    const entries = readOutbox(storage, "u1", "ch1");
    expect(entries.map((entry) => entry.nonce)).toEqual(["c", "a", "b"]);
    expect(entries.map((entry) => entry.order)).toEqual([0, 1, 2]);
    expect(entries[1]).toEqual({
      nonce: "a",
      content: "text a",
      replyTo: reply,
      createdAt: "2030-01-02T03:04:05.000Z",
      order: 1,
      status: "pending",
    });
  });

  test("sorts by the stored order, not by position in storage", () => {
    const entry = (nonce: string, order: number) => ({
      nonce,
      content: nonce,
      replyTo: null,
      createdAt: "2030-01-01T00:00:00.000Z",
      order,
      status: "pending",
    });
    const storage = fakeStorage({ [outboxKey("u1", "ch1")]: JSON.stringify([entry("late", 7), entry("early", 2)]) });
    expect(readOutbox(storage, "u1", "ch1").map((e) => e.nonce)).toEqual(["early", "late"]);
    addToOutbox(storage, "u1", "ch1", draft("next"));
    expect(readOutbox(storage, "u1", "ch1").map((e) => [e.nonce, e.order])).toEqual([
      ["early", 2],
      ["late", 7],
      ["next", 8],
    ]);
  });

  test("keeps each user's and each channel's outbox apart", () => {
    const storage = fakeStorage();
    addToOutbox(storage, "u1", "ch1", draft("n1"));
    addToOutbox(storage, "u1", "ch2", draft("n2"));
    addToOutbox(storage, "u2", "ch1", draft("n3"));
    expect(readOutbox(storage, "u1", "ch1").map((e) => e.nonce)).toEqual(["n1"]);
    expect(readOutbox(storage, "u1", "ch2").map((e) => e.nonce)).toEqual(["n2"]);
    expect(readOutbox(storage, "u2", "ch1").map((e) => e.nonce)).toEqual(["n3"]);
    expect(readOutbox(storage, "u2", "ch2")).toEqual([]);
    expect(outboxKey("u1", "ch1")).not.toBe(outboxKey("u2", "ch1"));
    removeFromOutbox(storage, "u2", "ch1", ["n1", "n3"]);
    expect(readOutbox(storage, "u1", "ch1").map((e) => e.nonce)).toEqual(["n1"]);
  });

  test(`refuses a message past ${OUTBOX_LIMIT_PER_CHANNEL} per channel, dropping none`, () => {
    const storage = fakeStorage();
    for (let i = 0; i < OUTBOX_LIMIT_PER_CHANNEL; i++)
      expect(addToOutbox(storage, "u1", "ch1", draft(`n${i}`)).ok).toBe(true);
    const refused = addToOutbox(storage, "u1", "ch1", draft("one too many"));
    expect(refused).toEqual({
      ok: false,
      message: expect.stringMatching(/100 messages in this channel are still waiting to be sent/),
    });
    const entries = readOutbox(storage, "u1", "ch1");
    expect(entries).toHaveLength(OUTBOX_LIMIT_PER_CHANNEL);
    expect(entries[0].nonce).toBe("n0");
    expect(entries.at(-1)!.nonce).toBe(`n${OUTBOX_LIMIT_PER_CHANNEL - 1}`);
    // another channel has its own room; a retry of a queued nonce is not a new entry
    expect(addToOutbox(storage, "u1", "ch2", draft("elsewhere")).ok).toBe(true);
    expect(addToOutbox(storage, "u1", "ch1", draft("n5")).ok).toBe(true);
    removeFromOutbox(storage, "u1", "ch1", ["n0"]);
    expect(addToOutbox(storage, "u1", "ch1", draft("now fits")).ok).toBe(true);
  });

  test("tolerates corrupt storage: unparseable JSON, a non-array, malformed and repeated entries", () => {
    const key = outboxKey("u1", "ch1");
    expect(readOutbox(fakeStorage({ [key]: "{not json" }), "u1", "ch1")).toEqual([]);
    expect(readOutbox(fakeStorage({ [key]: '{"nonce":"x"}' }), "u1", "ch1")).toEqual([]);
    expect(readOutbox(fakeStorage({ [key]: "null" }), "u1", "ch1")).toEqual([]);
    const good = {
      nonce: "ok",
      content: "fine",
      replyTo: null,
      createdAt: "2030-01-01T00:00:00.000Z",
      order: 1,
      status: "pending",
    };
    const mixed = [
      good,
      { ...good, nonce: "" },
      { ...good, nonce: "bad-status", status: "sent" },
      { ...good, nonce: "no-order", order: "1" },
      null,
      42,
      { ...good, content: "twice" },
    ];
    const storage = fakeStorage({ [key]: JSON.stringify(mixed) });
    expect(readOutbox(storage, "u1", "ch1")).toEqual([good]);
    // writing after corruption keeps what was readable
    const overwritten = fakeStorage({ [key]: "{not json" });
    expect(addToOutbox(overwritten, "u1", "ch1", draft("fresh")).ok).toBe(true);
    expect(readOutbox(overwritten, "u1", "ch1").map((e) => e.nonce)).toEqual(["fresh"]);
  });

  test("a storage that throws reads as empty and reports a failed write", () => {
    const throwing: OutboxStorage = {
      getItem: () => {
        throw new Error("blocked");
      },
      setItem: () => {
        throw new Error("blocked");
      },
      removeItem: () => {},
    };
    expect(readOutbox(throwing, "u1", "ch1")).toEqual([]);
    const full = fakeStorage();
    full.failWrites = true;
    expect(addToOutbox(full, "u1", "ch1", draft("n1"))).toEqual({
      ok: false,
      message: expect.stringContaining("could not keep the message"),
    });
    expect(addToOutbox(throwing, "u1", "ch1", draft("n1")).ok).toBe(false);
  });

  test("marks an entry failed with the reason, and a retry sets it pending again in its place", () => {
    const storage = fakeStorage();
    addToOutbox(storage, "u1", "ch1", draft("a"));
    addToOutbox(storage, "u1", "ch1", draft("b"));
    markOutboxFailed(storage, "u1", "ch1", "a", "You are muted in this community permanently.");
    markOutboxFailed(storage, "u1", "ch1", "missing", "ignored");
    expect(readOutbox(storage, "u1", "ch1").map((e) => [e.nonce, e.status, e.error])).toEqual([
      ["a", "failed", "You are muted in this community permanently."],
      ["b", "pending", undefined],
    ]);
    expect(addToOutbox(storage, "u1", "ch1", draft("a")).ok).toBe(true);
    expect(readOutbox(storage, "u1", "ch1").map((e) => [e.nonce, e.status, e.error, e.order])).toEqual([
      ["a", "pending", undefined, 0],
      ["b", "pending", undefined, 1],
    ]);
  });

  test("removes entries; the last one removed clears the key", () => {
    const storage = fakeStorage();
    addToOutbox(storage, "u1", "ch1", draft("a"));
    addToOutbox(storage, "u1", "ch1", draft("b"));
    expect(removeFromOutbox(storage, "u1", "ch1", ["a"])).toBe(true);
    expect(removeFromOutbox(storage, "u1", "ch1", ["a"])).toBe(false);
    expect(readOutbox(storage, "u1", "ch1").map((e) => e.nonce)).toEqual(["b"]);
    expect(removeFromOutbox(storage, "u1", "ch1", ["b"])).toBe(true);
    expect(storage.values.has(outboxKey("u1", "ch1"))).toBe(false);
  });
});

describe("outboxChannels", () => {
  test("lists the channels with an outbox of this user only, and nothing when storage is blocked", () => {
    const storage = fakeStorage({ theme: "dark" });
    addToOutbox(storage, "u1", "c1", draft("n1"));
    addToOutbox(storage, "u1", "c2", draft("n2"));
    addToOutbox(storage, "u2", "c3", draft("n3"));
    const keys = [...storage.values.keys()];
    const listed = { key: (i: number) => keys[i] ?? null, length: keys.length };
    expect(outboxChannels(listed, "u1").sort()).toEqual(["c1", "c2"]);
    expect(outboxChannels(listed, "u2")).toEqual(["c3"]);
    removeFromOutbox(storage, "u1", "c1", ["n1"]);
    const after = [...storage.values.keys()];
    expect(outboxChannels({ key: (i: number) => after[i] ?? null, length: after.length }, "u1")).toEqual(["c2"]);
    const blocked = {
      key: () => null,
      get length(): number {
        throw new DOMException("denied", "SecurityError");
      },
    };
    expect(outboxChannels(blocked, "u1")).toEqual([]);
  });
});

describe("sendFailureHandling", () => {
  test("a wait the server names in retryAfterMs is taken as it is", () => {
    expect(
      sendFailureHandling({ code: ErrorCode.RATE_LIMITED, message: "Try again in 1 second.", retryAfterMs: 80 }),
    ).toEqual({ kind: "wait", ms: 130 });
  });
  test("rate limit and slowmode wait as long as the server says", () => {
    expect(
      sendFailureHandling({
        code: ErrorCode.RATE_LIMITED,
        message: "You are sending messages too fast. Try again in 3 seconds.",
      }),
    ).toEqual({ kind: "wait", ms: 3_250 });
    expect(
      sendFailureHandling({ code: ErrorCode.SLOWMODE, message: "Slowmode is on: you can send again in 1 second." }),
    ).toEqual({ kind: "wait", ms: 1_250 });
    expect(sendFailureHandling({ code: ErrorCode.SLOWMODE, message: "Slowmode is on." })).toEqual({
      kind: "wait",
      ms: 5_000,
    });
  });

  test("server errors and unknown codes retry with backoff", () => {
    for (const code of [ErrorCode.SERVER, ErrorCode.GENERIC, 5_000_123, 0])
      expect(sendFailureHandling({ code, message: "x" })).toEqual({ kind: "backoff" });
    expect([1, 2, 3, 4, 5, 9].map(backoffMs)).toEqual([2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  });

  test("validation, access and mutes are refusals for good", () => {
    const refused = [
      ErrorCode.MESSAGE_EMPTY,
      ErrorCode.MESSAGE_TOO_LONG,
      ErrorCode.INVALID_INPUT,
      ErrorCode.NO_PERMISSION,
      ErrorCode.NOT_IN_COMMUNITY,
      ErrorCode.CHANNEL_NOT_FOUND,
      ErrorCode.MUTED,
      ErrorCode.CHANNEL_MUTED,
      ErrorCode.BANNED,
      ErrorCode.COMMUNITY_DISABLED,
      ErrorCode.REPLY_TARGET_INVALID,
      ErrorCode.DOWNSTREAM_QUOTA_EXCEEDED,
      ErrorCode.UNAUTHENTICATED,
    ];
    for (const code of refused) expect(sendFailureHandling({ code, message: "no" })).toEqual({ kind: "refused" });
  });
});
