import { describe, expect, it } from "vitest";
import { db } from "../db";
import { ErrorCode } from "../errors";
import { nonce } from "../testing/factories";
import { makeWorld } from "../testing/world";
import { createSendGate, sendGate } from "./internal/send-gate";
import { sendMessage } from "./messages";

/** Work that ends when the test says so. */
function held() {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { work: () => done, finish };
}

describe("the send gate", () => {
  it("lets `concurrency` sends work, queues `queue` more in order, refuses the rest with a wait", async () => {
    const gate = createSendGate({ concurrency: 2, queue: 2, maxWaitMs: 60_000 }, { retryAfterMs: () => 300 });
    const started: string[] = [];
    const first = held();
    const second = held();
    const start =
      (name: string, work: () => Promise<void> = async () => {}) =>
      () => {
        started.push(name);
        return work();
      };
    const running = [
      gate.run(start("first", first.work)),
      gate.run(start("second", second.work)),
      gate.run(start("third")),
      gate.run(start("fourth")),
    ];
    expect(started).toEqual(["first", "second"]);
    expect({ active: gate.active, waiting: gate.waiting }).toEqual({ active: 2, waiting: 2 });
    await expect(gate.run(start("fifth"))).rejects.toMatchObject({ code: ErrorCode.RATE_LIMITED, retryAfterMs: 300 });

    // the freed slot goes to the first in line, then to the next: the queue drains in order
    second.finish();
    await Promise.all(running.slice(1));
    expect(started).toEqual(["first", "second", "third", "fourth"]);
    expect({ active: gate.active, waiting: gate.waiting }).toEqual({ active: 1, waiting: 0 });
    first.finish();
    await Promise.all(running);
    expect({ active: gate.active, waiting: gate.waiting }).toEqual({ active: 0, waiting: 0 });
  });

  it("queues while the expected wait (from the sends' mean duration) stays within maxWaitMs; a refusal waits for the backlog", async () => {
    let clock = 0;
    const gate = createSendGate(
      { concurrency: 1, queue: 100, maxWaitMs: 100 },
      { now: () => clock, retryAfterMs: (backlogMs) => backlogMs },
    );
    // one send of 50 ms: the gate learns how long a send takes
    const measured = held();
    const first = gate.run(measured.work);
    clock = 50;
    measured.finish();
    await first;

    // one at work; the next two wait 50 and 100 ms, a third would wait 150 ms: refused, to come back when the line has drained
    const working = held();
    const running = [gate.run(working.work), gate.run(async () => {}), gate.run(async () => {})];
    expect({ active: gate.active, waiting: gate.waiting }).toEqual({ active: 1, waiting: 2 });
    await expect(gate.run(async () => {})).rejects.toMatchObject({ code: ErrorCode.RATE_LIMITED, retryAfterMs: 100 });
    working.finish();
    await Promise.all(running);
    expect({ active: gate.active, waiting: gate.waiting }).toEqual({ active: 0, waiting: 0 });
  });

  it("frees the slot of a send that failed", async () => {
    const gate = createSendGate({ concurrency: 1, queue: 0, maxWaitMs: 1_000 });
    await expect(gate.run(async () => Promise.reject(new Error("no")))).rejects.toThrow("no");
    expect(gate.active).toBe(0);
    await expect(gate.run(async () => "yes")).resolves.toBe("yes");
  });

  it("refuses a send past the process's queue with 6002029 and stores nothing; it goes through once there is room", async () => {
    const w = await makeWorld();
    const gate = sendGate();
    expect(gate.limits).toMatchObject({ queue: 5_000, maxWaitMs: 2_000 });
    // fill it: sends at work, then waiting until the queue's bound (count or expected wait) refuses one
    const blockers: ReturnType<typeof held>[] = [];
    const occupying: Promise<unknown>[] = [];
    for (let taken = -1; taken < gate.active + gate.waiting;) {
      taken = gate.active + gate.waiting;
      const blocker = held();
      blockers.push(blocker);
      occupying.push(gate.run(blocker.work).catch((error: unknown) => error));
    }
    const refusedNonce = nonce();
    const refused = sendMessage(w.actors.member, {
      channelId: w.generalChannelId,
      content: "busy?",
      nonce: refusedNonce,
    });
    await expect(refused).rejects.toMatchObject({ code: ErrorCode.RATE_LIMITED, retryAfterMs: expect.any(Number) });
    for (const blocker of blockers) blocker.finish();
    await Promise.all(occupying);
    expect(await db.message.count({ where: { nonce: refusedNonce } })).toBe(0);

    const sent = await sendMessage(w.actors.member, {
      channelId: w.generalChannelId,
      content: "busy?",
      nonce: refusedNonce,
    });
    expect(sent.content).toBe("busy?");
  });
});
