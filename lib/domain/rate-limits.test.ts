import { afterEach, describe, expect, it } from "vitest";
import { db } from "../db";
import { ErrorCode } from "../errors";
import { limits } from "../limits";
import { nonce } from "../testing/factories";
import { makeWorld } from "../testing/world";
import { sendAttachment } from "./attachments";
import { sendMessage } from "./messages";

const configured = limits.sendRate;
afterEach(() => {
  limits.sendRate = configured;
});

describe("send rate limit", () => {
  it("refuses a user's sends past the limit with 6002029 and the wait, stores nothing, and leaves others alone", async () => {
    limits.sendRate = { messages: 3, perSeconds: 60 };
    const w = await makeWorld();
    const channelId = w.generalChannelId;
    const keys = [nonce(), nonce(), nonce()];
    for (const key of keys) await sendMessage(w.actors.member, { channelId, content: `burst ${key}`, nonce: key });

    await expect(sendMessage(w.actors.member, { channelId, content: "one too many", nonce: nonce() })).rejects.toMatchObject({
      code: ErrorCode.RATE_LIMITED,
      message: expect.stringMatching(/^You are sending messages too fast\. Try again in \d+ seconds?\.$/),
    });
    await expect(sendAttachment(w.actors.member, { channelId, nonce: nonce() }, { name: "notes.txt", bytes: Buffer.from("hello") })).rejects.toMatchObject({
      code: ErrorCode.RATE_LIMITED,
    });
    expect(await db.message.count({ where: { channelId, authorId: w.actors.member.userId } })).toBe(3);

    // a retried send that was stored still gets its message back, limited or not
    const retried = await sendMessage(w.actors.member, { channelId, content: `burst ${keys[0]}`, nonce: keys[0] });
    expect(retried.content).toBe(`burst ${keys[0]}`);
    expect(await db.message.count({ where: { channelId, authorId: w.actors.member.userId } })).toBe(3);

    // the limit is per user
    await expect(sendMessage(w.actors.member2, { channelId, content: "my own budget", nonce: nonce() })).resolves.toMatchObject({ content: "my own budget" });
  });
});
