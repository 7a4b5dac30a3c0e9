// Runs on PostgreSQL only (vitest.config.ts): the embedded database serves a single process.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { appClients, startAppProcesses, type AppProcess } from "../testing/app-processes";
import { nonce } from "../testing/factories";
import { nextEvent, request } from "../testing/socket-client";
import { makeWorld } from "../testing/world";

const clients = appClients();
const client = (app: AppProcess, userId: string) => clients.connected(app, userId);
let one: AppProcess;
let two: AppProcess;
beforeAll(async () => {
  [one, two] = await startAppProcesses(2);
}, 60_000);
afterAll(() => clients.stop([one, two]));

describe("read marks with two app processes", () => {
  it("a position held by one process is stored within the flush interval, and the reader's tabs on the other hear it and converge", async () => {
    const w = await makeWorld();
    const sender = await client(one, w.actors.owner.userId);
    const tabOnOne = await client(one, w.actors.member.userId);
    const tabOnTwo = await client(two, w.actors.member.userId);
    const sent = await request(sender, "message:send", {
      channelId: w.generalChannelId,
      content: "read me",
      nonce: nonce(),
    });
    if (!sent.ok) throw new Error(sent.message);

    const liveOnTwo = nextEvent(tabOnTwo, "read:updated");
    const stored = nextEvent(tabOnTwo, "read:stored");
    expect(
      await request(tabOnOne, "channel:read", { channelId: w.generalChannelId, messageId: sent.data.id }),
    ).toMatchObject({ ok: true, data: { unread: 0, lastReadId: sent.data.id } });
    // the other tab hears the mark at once, through Redis
    expect(await liveOnTwo).toEqual([expect.objectContaining({ unread: 0, lastReadId: sent.data.id })]);
    // …and, once process one has written it, that it is stored: a page process two rendered before then asks again
    expect(await stored).toEqual([{ channelId: w.generalChannelId, lastReadId: sent.data.id }]);
    const row = await db.channelState.findUnique({
      where: { userId_channelId: { userId: w.actors.member.userId, channelId: w.generalChannelId } },
    });
    expect(row?.lastReadId).toBe(sent.data.id);
    const states = await request(tabOnTwo, "read:states", {});
    expect(
      states.ok &&
        states.data
          .find((c) => c.communityId === w.communityId)
          ?.channels.find((c) => c.channelId === w.generalChannelId),
    ).toMatchObject({ unread: 0, lastReadId: sent.data.id });
  });
});
