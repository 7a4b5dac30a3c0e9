import { afterEach, describe, expect, test, vi } from "vitest";
import type { MessageDTO } from "@/lib/dto";
import { ErrorCode, type Result } from "@/lib/errors";
import { addToOutbox, readOutbox, type OutboxEntry, type OutboxStorage } from "./outbox";
import { createOutboxSender, MAX_TRANSIENT_ATTEMPTS, WAITING_FOR_CONNECTION } from "./outbox-sender";

function memory(): OutboxStorage {
  const values = new Map<string, string>();
  return {
    getItem: (k) => values.get(k) ?? null,
    setItem: (k, v) => void values.set(k, v),
    removeItem: (k) => void values.delete(k),
  };
}

const stored = (entry: OutboxEntry) =>
  ({ id: `id-${entry.nonce}`, nonce: entry.nonce, content: entry.content }) as MessageDTO;

/** A sender over a fake socket: each send waits until the test answers it. */
function setup(nonces: string[]) {
  const storage = memory();
  for (const nonce of nonces)
    addToOutbox(storage, "u1", "ch1", {
      nonce,
      content: `text ${nonce}`,
      replyTo: null,
      createdAt: "2030-01-01T00:00:00.000Z",
    });
  const socket = { connected: true };
  const inFlight: { entry: OutboxEntry; answer: (result: Result<MessageDTO> | null) => void }[] = [];
  const events: string[] = [];
  const sender = createOutboxSender({
    storage,
    userId: "u1",
    channelId: "ch1",
    send: (entry) => new Promise((resolve) => inFlight.push({ entry, answer: resolve })),
    connected: () => socket.connected,
    onSent: (message) => events.push(`sent ${message.nonce}`),
    onRefused: (nonce, reason) => events.push(`refused ${nonce}: ${reason}`),
    onWaiting: (nonce, reason) => events.push(`waiting ${nonce}: ${reason}`),
  });
  const pending = () => readOutbox(storage, "u1", "ch1").map((entry) => `${entry.nonce}:${entry.status}`);
  /** answers the one send in flight */
  const answer = async (result: (entry: OutboxEntry) => Result<MessageDTO> | null) => {
    expect(inFlight).toHaveLength(1);
    const { entry, answer: resolve } = inFlight.shift()!;
    resolve(result(entry));
    await flush();
  };
  return { storage, socket, inFlight, events, sender, pending, answer };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const ok = (entry: OutboxEntry): Result<MessageDTO> => ({ ok: true, data: stored(entry) });

afterEach(() => vi.useRealTimers());

describe("outbox sender", () => {
  test("sends nothing before resume (connected and caught up)", async () => {
    const { sender, inFlight } = setup(["a"]);
    await sender.wake();
    expect(inFlight).toHaveLength(0);
    void sender.resume();
    expect(inFlight.map((f) => f.entry.nonce)).toEqual(["a"]);
  });

  test("sends in queue order, one at a time, each after the previous ack", async () => {
    const { sender, inFlight, events, pending, answer } = setup(["a", "b", "c"]);
    void sender.resume();
    await flush();
    expect(inFlight.map((f) => f.entry.nonce)).toEqual(["a"]);
    await answer(ok);
    expect(inFlight.map((f) => f.entry.nonce)).toEqual(["b"]);
    expect(pending()).toEqual(["b:pending", "c:pending"]);
    await answer(ok);
    await answer(ok);
    expect(events).toEqual(["sent a", "sent b", "sent c"]);
    expect(pending()).toEqual([]);
  });

  test("an entry queued while sending goes after the others", async () => {
    const { sender, storage, inFlight, events, answer } = setup(["a"]);
    void sender.resume();
    addToOutbox(storage, "u1", "ch1", {
      nonce: "z",
      content: "later",
      replyTo: null,
      createdAt: "2030-01-01T00:00:01.000Z",
    });
    void sender.wake();
    expect(inFlight).toHaveLength(1);
    await answer(ok);
    await answer(ok);
    expect(events).toEqual(["sent a", "sent z"]);
  });

  test("a lost connection keeps the entry pending; the next resume sends it again with the same nonce", async () => {
    const { sender, socket, inFlight, events, pending, answer } = setup(["a", "b"]);
    void sender.resume();
    socket.connected = false;
    sender.pause();
    await answer(() => null);
    expect(inFlight).toHaveLength(0);
    expect(events).toEqual([`waiting a: ${WAITING_FOR_CONNECTION}`]);
    expect(pending()).toEqual(["a:pending", "b:pending"]);

    socket.connected = true;
    void sender.resume();
    expect(inFlight.map((f) => f.entry.nonce)).toEqual(["a"]);
    await answer(ok);
    await answer(ok);
    expect(events.slice(1)).toEqual(["sent a", "sent b"]);
  });

  test("a refusal for good marks the entry failed with the reason and the queue goes on", async () => {
    const { sender, events, pending, answer } = setup(["a", "b"]);
    void sender.resume();
    await answer(() => ({ ok: false, code: ErrorCode.MUTED, message: "You are muted in this community for 1 hour." }));
    expect(pending()).toEqual(["a:failed", "b:pending"]);
    await answer(ok);
    expect(events).toEqual(["refused a: You are muted in this community for 1 hour.", "sent b"]);
    expect(pending()).toEqual(["a:failed"]);
    // failed entries are not sent again until retried
    await sender.resume();
    expect(events).toHaveLength(2);
  });

  test("a rate limit holds the queue for the wait the server names, then sends the same entry", async () => {
    vi.useFakeTimers();
    const { sender, inFlight, events } = setup(["a", "b"]);
    void sender.resume();
    inFlight.shift()!.answer({
      ok: false,
      code: ErrorCode.RATE_LIMITED,
      message: "You are sending messages too fast. Try again in 2 seconds.",
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(events).toEqual(["waiting a: You are sending messages too fast. Try again in 2 seconds."]);
    void sender.wake(); // a new send does not jump the wait
    await vi.advanceTimersByTimeAsync(2_000);
    expect(inFlight).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(300);
    expect(inFlight.map((f) => f.entry.nonce)).toEqual(["a"]);
  });

  test(`server errors retry with backoff, and show failed after ${MAX_TRANSIENT_ATTEMPTS} in a row`, async () => {
    vi.useFakeTimers();
    const { sender, inFlight, events, pending } = setup(["a"]);
    void sender.resume();
    for (let attempt = 1; attempt <= MAX_TRANSIENT_ATTEMPTS; attempt++) {
      expect(inFlight).toHaveLength(1);
      inFlight
        .shift()!
        .answer(
          attempt === 2
            ? null
            : { ok: false, code: ErrorCode.SERVER, message: "Something went wrong on our side. Please try again." },
        );
      await vi.advanceTimersByTimeAsync(30_000);
    }
    expect(events.at(1)).toBe("waiting a: The server did not answer in time. Trying again…");
    expect(events.at(-1)).toBe("refused a: Something went wrong on our side. Please try again.");
    expect(pending()).toEqual(["a:failed"]);
  });

  test("retry sends a failed entry (set pending again) at once; stop ends the sending", async () => {
    vi.useFakeTimers();
    const { sender, storage, inFlight, events } = setup(["a"]);
    void sender.resume();
    inFlight
      .shift()!
      .answer({ ok: false, code: ErrorCode.SLOWMODE, message: "Slowmode is on: you can send again in 30 seconds." });
    await vi.advanceTimersByTimeAsync(0);
    void sender.retry("a");
    expect(inFlight.map((f) => f.entry.nonce)).toEqual(["a"]);
    inFlight.shift()!.answer({ ok: false, code: ErrorCode.MESSAGE_TOO_LONG, message: "Too long." });
    await vi.advanceTimersByTimeAsync(0);
    addToOutbox(storage, "u1", "ch1", {
      nonce: "a",
      content: "text a",
      replyTo: null,
      createdAt: "2030-01-01T00:00:00.000Z",
    });
    sender.stop();
    void sender.retry("a");
    expect(inFlight).toHaveLength(0);
    expect(events.at(-1)).toBe("refused a: Too long.");
  });
});
