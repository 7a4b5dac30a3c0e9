import { afterEach, describe, expect, it } from "vitest";
import { now, setClock } from "../clock";
import { db } from "../db";
import { ErrorCode, toResult } from "../errors";
import { limits } from "../limits";
import { REPLAY_WINDOW_SECONDS, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyDelivery } from "../outbound/signature";
import { pinClock } from "../testing/clock";
import { startEventReceiver, useEventReceiver } from "../testing/event-receiver";
import { makeUser, nonce } from "../testing/factories";
import { makeWorld } from "../testing/world";
import { createInvite, acceptInvite } from "./invites";
import { deleteMessage, editMessage, sendMessage } from "./messages";
import { kickMembers } from "./members";
import {
  createSubscription,
  deleteSubscription,
  deliverDueEvents,
  DELIVERY_WINDOW_MS,
  listDeliveries,
  listSubscriptions,
  retryDelayMs,
  sendTestEvent,
} from "./subscriptions";
import { createThread } from "./threads";

const codeOf = async (run: () => Promise<unknown>) => {
  const result = await toResult(run);
  return result.ok ? "ok" : result.code;
};

const receiver = useEventReceiver();
afterEach(() => {
  setClock();
  receiver.answer(() => 200);
});

/** What the receiver got for one subscription's community, in order. */
const receivedBy = (communityId: string) => receiver.received.filter((r) => r.json.communityId === communityId);

describe("outgoing event subscriptions", () => {
  it("an admin subscribes a URL; the chosen events arrive signed, in the log as delivered; others do not", async () => {
    const world = await makeWorld();
    const { subscription, secret } = await createSubscription(world.actors.admin, {
      communityId: world.communityId,
      url: receiver.url,
      events: ["message.created", "message.deleted", "member.joined", "member.left", "thread.created"],
    });
    expect(subscription).toMatchObject({ url: receiver.url, createdBy: { id: world.actors.admin.userId } });
    expect(secret).toMatch(/^whsec_/);

    const sent = await sendMessage(world.actors.member, {
      channelId: world.generalChannelId,
      content: "hello hooks",
      nonce: nonce(),
    });
    await editMessage(world.actors.member, { messageId: sent.id, content: "edited" }); // not subscribed
    await createThread(world.actors.member, { messageId: sent.id, name: "side" });
    await deleteMessage(world.actors.member, sent.id);
    const newcomer = await makeUser("newcomer");
    await acceptInvite(newcomer, (await createInvite(world.actors.owner, { communityId: world.communityId })).code);
    await kickMembers(world.actors.owner, { communityId: world.communityId, userIds: [newcomer.userId] });
    expect(await deliverDueEvents()).toBeGreaterThanOrEqual(5);

    // deliveries go out side by side: no order between them
    const got = receivedBy(world.communityId);
    expect(got.map((r) => r.json.type).sort()).toEqual([
      "member.joined",
      "member.left",
      "message.created",
      "message.deleted",
      "thread.created",
    ]);
    const of = (type: string) => got.find((r) => r.json.type === type)!.json.data;
    expect(of("message.created")).toMatchObject({
      id: sent.id,
      content: "hello hooks",
      author: { id: world.actors.member.userId },
    });
    expect(of("thread.created")).toMatchObject({ name: "side", starterMessageId: sent.id });
    expect(of("message.deleted")).toEqual({ channelId: world.generalChannelId, messageId: sent.id, removed: false });
    expect(of("member.joined")).toMatchObject({ member: { id: newcomer.userId }, via: "link" });
    expect(of("member.left")).toMatchObject({ userId: newcomer.userId, reason: "kicked" });

    // each is signed over its timestamp and exact body
    for (const delivery of got) {
      const headers = {
        signature: delivery.headers[SIGNATURE_HEADER] as string,
        timestamp: delivery.headers[TIMESTAMP_HEADER] as string,
      };
      expect(delivery.headers["content-type"]).toBe("application/json");
      // the receiver's clock: the domain's (the suite may run as if on another day)
      expect(verifyDelivery(secret, delivery.body, headers, now())).toBe(true);
      expect(verifyDelivery("whsec_wrong", delivery.body, headers, now())).toBe(false);
      expect(verifyDelivery(secret, delivery.body.replace("}", ', "x": 1}'), headers, now())).toBe(false);
      const late = new Date((Number(headers.timestamp) + REPLAY_WINDOW_SECONDS + 1) * 1000);
      expect(verifyDelivery(secret, delivery.body, headers, late)).toBe(false);
    }

    const log = await listDeliveries(world.actors.owner, { subscriptionId: subscription.id });
    expect(log).toHaveLength(5);
    expect(log.every((d) => d.status === "DELIVERED" && d.attempts === 1 && d.lastStatus === 200)).toBe(true);
    expect(await deliverDueEvents()).toBe(0); // nothing twice
  });

  it("retries a failing receiver with exponential backoff, and gives up 24 hours after the event", async () => {
    const clock = pinClock("2031-03-04T05:06:07.000Z");
    const world = await makeWorld();
    const { subscription } = await createSubscription(world.actors.owner, {
      communityId: world.communityId,
      url: receiver.url,
      events: ["message.created"],
    });
    receiver.answer(() => 500);
    await sendMessage(world.actors.member, { channelId: world.generalChannelId, content: "retry me", nonce: nonce() });
    expect(await deliverDueEvents()).toBe(1);
    let [entry] = await listDeliveries(world.actors.owner, { subscriptionId: subscription.id });
    expect(entry).toMatchObject({ status: "PENDING", attempts: 1, lastStatus: 500 });
    expect(Date.parse(entry.nextAttemptAt!) - clock.now().getTime()).toBe(retryDelayMs(1));
    expect(await deliverDueEvents()).toBe(0); // not due yet

    clock.advance(retryDelayMs(1));
    expect(await deliverDueEvents()).toBe(1);
    [entry] = await listDeliveries(world.actors.owner, { subscriptionId: subscription.id });
    expect(entry).toMatchObject({ status: "PENDING", attempts: 2 });
    expect(Date.parse(entry.nextAttemptAt!) - clock.now().getTime()).toBe(retryDelayMs(2));
    expect(retryDelayMs(2)).toBe(2 * retryDelayMs(1));

    // the receiver recovers: the third attempt delivers the same event, once
    receiver.answer(() => 200);
    clock.advance(retryDelayMs(2));
    expect(await deliverDueEvents()).toBe(1);
    [entry] = await listDeliveries(world.actors.owner, { subscriptionId: subscription.id });
    expect(entry).toMatchObject({ status: "DELIVERED", attempts: 3, lastStatus: 200 });
    const attempts = receivedBy(world.communityId);
    expect(attempts).toHaveLength(3);
    expect(new Set(attempts.map((a) => a.json.id)).size).toBe(1);

    // one that never succeeds is tried until 24 hours after the event, then marked failed
    receiver.answer(() => 503);
    const start = clock.now().getTime();
    await sendMessage(world.actors.member, { channelId: world.generalChannelId, content: "doomed", nonce: nonce() });
    let tries = 0;
    for (;;) {
      tries += await deliverDueEvents();
      [entry] = await listDeliveries(world.actors.owner, { subscriptionId: subscription.id });
      if (entry.status !== "PENDING") break;
      clock.set(entry.nextAttemptAt!);
    }
    expect(entry).toMatchObject({ status: "FAILED", lastStatus: 503 });
    expect(entry.lastError).toContain("Gave up");
    expect(clock.now().getTime() - start).toBeLessThanOrEqual(DELIVERY_WINDOW_MS);
    expect(tries).toBe(entry.attempts);
    expect(tries).toBeGreaterThan(20); // 10 s, 20 s, … then hourly for a day
  });

  it("a receiver that cannot be reached counts as a failure with the reason", async () => {
    const world = await makeWorld();
    const down = await startEventReceiver();
    await down.close(); // nothing listens there now
    const { subscription } = await createSubscription(world.actors.owner, {
      communityId: world.communityId,
      url: down.url,
      events: ["message.created"],
    });
    await sendMessage(world.actors.member, { channelId: world.generalChannelId, content: "x", nonce: nonce() });
    await deliverDueEvents();
    const [entry] = await listDeliveries(world.actors.owner, { subscriptionId: subscription.id });
    expect(entry).toMatchObject({ status: "PENDING", attempts: 1, lastStatus: null });
    expect(entry.lastError).toMatch(/ECONNREFUSED/);
  });

  it("the test event button queues a ping for that subscription only", async () => {
    const world = await makeWorld();
    const one = await createSubscription(world.actors.owner, {
      communityId: world.communityId,
      url: receiver.url,
      events: ["member.joined"],
    });
    await createSubscription(world.actors.owner, {
      communityId: world.communityId,
      url: `${receiver.url}?other`,
      events: ["member.joined"],
    });
    await sendTestEvent(world.actors.admin, { subscriptionId: one.subscription.id });
    await deliverDueEvents();
    const got = receivedBy(world.communityId);
    expect(got.map((r) => [r.json.type, r.json.data])).toEqual([["ping", { subscriptionId: one.subscription.id }]]);
    expect(
      verifyDelivery(
        one.secret,
        got[0].body,
        {
          signature: got[0].headers[SIGNATURE_HEADER] as string,
          timestamp: got[0].headers[TIMESTAMP_HEADER] as string,
        },
        now(),
      ),
    ).toBe(true);
  });

  it("who may subscribe, list, test and delete: owner and admins; members and outsiders never", async () => {
    const world = await makeWorld();
    const make = (kind: keyof typeof world.actors) =>
      codeOf(() =>
        createSubscription(world.actors[kind], {
          communityId: world.communityId,
          url: receiver.url,
          events: ["message.created"],
        }),
      );
    expect(await make("owner")).toBe("ok");
    expect(await make("admin")).toBe("ok");
    expect(await make("member")).toBe(ErrorCode.NO_PERMISSION);
    expect(await make("outsider")).toBe(ErrorCode.NOT_IN_COMMUNITY);
    expect(await make("banned")).toBe(ErrorCode.NOT_IN_COMMUNITY);
    const [first] = await listSubscriptions(world.actors.owner, world.communityId);
    for (const kind of ["member", "outsider"] as const) {
      const actor = world.actors[kind];
      expect(await codeOf(() => listSubscriptions(actor, world.communityId))).not.toBe("ok");
      expect(await codeOf(() => listDeliveries(actor, { subscriptionId: first.id }))).not.toBe("ok");
      expect(await codeOf(() => sendTestEvent(actor, { subscriptionId: first.id }))).not.toBe("ok");
      expect(await codeOf(() => deleteSubscription(actor, { subscriptionId: first.id }))).not.toBe("ok");
    }
    expect(await codeOf(() => deleteSubscription(world.actors.admin, { subscriptionId: first.id }))).toBe("ok");
    expect(await codeOf(() => deleteSubscription(world.actors.admin, { subscriptionId: first.id }))).toBe(
      ErrorCode.SUBSCRIPTION_NOT_FOUND,
    );
    // deleted: nothing more is queued for it
    await sendMessage(world.actors.member, { channelId: world.generalChannelId, content: "after", nonce: nonce() });
    expect(await db.eventDelivery.count({ where: { subscriptionId: first.id } })).toBe(0);
  });

  it("refuses private, loopback and link-local URLs unless allowlisted, bad URLs and events, and more than the limit", async () => {
    const world = await makeWorld();
    const subscribe = (url: string, events: string[] = ["message.created"]) =>
      codeOf(() =>
        createSubscription(world.actors.owner, { communityId: world.communityId, url, events: events as never }),
      );
    delete process.env.OUTBOUND_ALLOWLIST;
    try {
      for (const url of [
        "http://127.0.0.1:9/hook",
        "http://localhost/hook",
        "http://10.0.0.8/hook",
        "http://192.168.1.2/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
      ])
        expect(await subscribe(url), url).toBe(ErrorCode.OUTBOUND_URL_REFUSED);
    } finally {
      process.env.OUTBOUND_ALLOWLIST = "127.0.0.1";
    }
    for (const url of [
      "ftp://example.com/x",
      "javascript:alert(1)",
      "not a url",
      "",
      `https://e.com/${"x".repeat(2100)}`,
    ])
      expect(await subscribe(url), url).toBe(ErrorCode.INVALID_INPUT);
    expect(await subscribe(receiver.url, [])).toBe(ErrorCode.INVALID_INPUT);
    expect(await subscribe(receiver.url, ["message.exploded"])).toBe(ErrorCode.INVALID_INPUT);
    for (let i = 0; i < limits.subscriptionsPerCommunity; i++) expect(await subscribe(receiver.url)).toBe("ok");
    expect(await subscribe(receiver.url)).toBe(ErrorCode.SUBSCRIPTION_LIMIT);
  });
});
