import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sendFailureHandling } from "../../components/message/outbox";
import { db } from "../db";
import { ErrorCode, toResult, type Failure } from "../errors";
import { limits } from "../limits";
import { pinClock } from "../testing/clock";
import { nonce } from "../testing/factories";
import { makeWorld } from "../testing/world";
import { sendAttachment } from "./attachments";
import { sendMessage } from "./messages";
import { createThread } from "./threads";

const configured = limits.sendGapMs;
beforeEach(() => {
  limits.sendGapMs = 100; // the suite turns the gap off (lib/testing/setup.ts); SPEC's default here
});
afterEach(() => {
  limits.sendGapMs = configured;
});

const file = () => ({ name: "notes.txt", bytes: Buffer.from("hello") });
const storedBy = (userId: string, channelId: string) =>
  db.message.count({ where: { channelId, authorId: userId, type: { not: "SYSTEM" } } });

describe("the minimum gap between two sends by one user", () => {
  it("of 5 concurrent sends exactly one is stored; the others get 6002029 with the wait, which the outbox waits out", async () => {
    pinClock("2030-01-15T10:00:00.000Z");
    const w = await makeWorld();
    const channelId = w.generalChannelId;
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((i) =>
        toResult(() => sendMessage(w.actors.member, { channelId, content: `burst ${i}`, nonce: nonce() })),
      ),
    );

    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const refused = results.filter((r): r is Failure => !r.ok);
    expect(refused).toHaveLength(4);
    for (const failure of refused) {
      expect(failure).toMatchObject({
        code: ErrorCode.RATE_LIMITED,
        message: "You are sending messages too fast. Try again in 1 second.",
        retryAfterMs: 100,
      });
      // the browser's outbox keeps the message and sends it again after the wait
      expect(sendFailureHandling(failure)).toMatchObject({ kind: "wait" });
    }
    expect(await storedBy(w.actors.member.userId, channelId)).toBe(1);
  });

  it("sends 100 ms apart pass; 99 ms apart are refused with the 1 ms left; text and attachments share the gap", async () => {
    const clock = pinClock("2030-01-15T10:00:00.000Z");
    const w = await makeWorld();
    const channelId = w.generalChannelId;
    const { member } = w.actors;
    await sendMessage(member, { channelId, content: "first", nonce: nonce() });
    clock.advance(99);
    await expect(sendMessage(member, { channelId, content: "too early", nonce: nonce() })).rejects.toMatchObject({
      code: ErrorCode.RATE_LIMITED,
      retryAfterMs: 1,
    });
    await expect(sendAttachment(member, { channelId, nonce: nonce() }, file())).rejects.toMatchObject({
      code: ErrorCode.RATE_LIMITED,
      retryAfterMs: 1,
    });
    clock.advance(1);
    await expect(sendAttachment(member, { channelId, nonce: nonce() }, file())).resolves.toMatchObject({
      type: "FILE",
    });
    clock.advance(100);
    await expect(sendMessage(member, { channelId, content: "second text", nonce: nonce() })).resolves.toMatchObject({
      content: "second text",
    });
    clock.advance(50);
    await expect(sendMessage(member, { channelId, content: "too early again", nonce: nonce() })).rejects.toMatchObject({
      retryAfterMs: 50,
    });
    expect(await storedBy(member.userId, channelId)).toBe(3);
  });

  it("a resend of a stored nonce inside the gap returns the stored message; the gap is per user", async () => {
    pinClock("2030-01-15T10:00:00.000Z");
    const w = await makeWorld();
    const channelId = w.generalChannelId;
    const { member, member2 } = w.actors;
    const key = nonce();
    const first = await sendMessage(member, { channelId, content: "once", nonce: key });
    await expect(sendMessage(member, { channelId, content: "once", nonce: key })).resolves.toMatchObject({
      id: first.id,
    });

    await expect(sendMessage(member2, { channelId, content: "my own gap", nonce: nonce() })).resolves.toBeTruthy();
    // opening a thread is no send: the gap does not stop it
    await expect(createThread(member, { messageId: first.id })).resolves.toBeTruthy();
    expect(await storedBy(member.userId, channelId)).toBe(1);

    pinClock("2030-01-15T10:00:01.000Z");
    const attachmentKey = nonce();
    const attached = await sendAttachment(member, { channelId, nonce: attachmentKey }, file());
    await expect(sendAttachment(member, { channelId, nonce: attachmentKey }, file())).resolves.toMatchObject({
      id: attached.id,
    });
    expect(await storedBy(member.userId, channelId)).toBe(2);
  });

  it("holds across app processes (the last send is kept in the database), and a clock set back does not lock a user out", async () => {
    const clock = pinClock("2030-01-15T10:00:00.000Z");
    const w = await makeWorld();
    const channelId = w.generalChannelId;
    const { member } = w.actors;
    // another process stored a send by this user 40 ms ago
    await db.userSendState.create({
      data: { userId: member.userId, lastSentAt: new Date("2030-01-15T09:59:59.960Z") },
    });
    const refused = await toResult(() => sendMessage(member, { channelId, content: "here too", nonce: nonce() }));
    expect(refused).toMatchObject({ ok: false, code: ErrorCode.RATE_LIMITED, retryAfterMs: 60 });

    clock.advance(60);
    await sendMessage(member, { channelId, content: "after the gap", nonce: nonce() });
    // the clock goes back an hour: the stamp ahead of it does not block
    clock.set("2030-01-15T09:00:00.000Z");
    await expect(sendMessage(member, { channelId, content: "an hour earlier", nonce: nonce() })).resolves.toBeTruthy();
  });
});
