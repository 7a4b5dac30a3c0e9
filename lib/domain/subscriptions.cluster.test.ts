import { expect, it, vi } from "vitest";
import { db } from "../db";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyDelivery } from "../outbound/signature";
import { killProcess, startTestProcess } from "../testing/child-process";
import { useEventReceiver } from "../testing/event-receiver";
import { nonce } from "../testing/factories";
import { makeWorld } from "../testing/world";
import { sendMessage } from "./messages";
import { createSubscription } from "./subscriptions";

// Deliveries live in the database: a process that dies leaves them to the next one.

const receiver = useEventReceiver();

/** An app process running only its background jobs, `aheadMs` ahead in domain time. */
const startWorkerProcess = (aheadMs: number) =>
  startTestProcess("delivery-process.ts", {
    OUTBOUND_ALLOWLIST: "127.0.0.1",
    DELIVERY_CLOCK_AHEAD_MS: String(aheadMs),
  });

it("a delivery that failed in one process is delivered, once, by a fresh process after the first was killed", async () => {
  const world = await makeWorld();
  const { subscription, secret } = await createSubscription(world.actors.owner, {
    communityId: world.communityId,
    url: receiver.url,
    events: ["message.created"],
  });
  const deliveries = () => db.eventDelivery.findMany({ where: { subscriptionId: subscription.id } });
  receiver.answer(() => 503);

  const first = await startWorkerProcess(0);
  await sendMessage(world.actors.member, { channelId: world.generalChannelId, content: "survive", nonce: nonce() });
  await vi.waitFor(
    async () => expect(await deliveries()).toMatchObject([{ attempts: 1, lastStatus: 503, status: "PENDING" }]),
    {
      timeout: 15_000,
      interval: 100,
    },
  );
  await killProcess(first);

  receiver.answer(() => 200);
  const second = await startWorkerProcess(60_000); // a minute later: the retry is due
  try {
    await vi.waitFor(async () => expect(await deliveries()).toMatchObject([{ status: "DELIVERED", attempts: 2 }]), {
      timeout: 15_000,
      interval: 100,
    });
  } finally {
    await killProcess(second);
  }
  const got = receiver.received.filter((r) => r.json.communityId === world.communityId);
  expect(got).toHaveLength(2);
  expect(got[1].json).toMatchObject({ type: "message.created", data: { content: "survive" } });
  expect(got[1].json.id).toBe(got[0].json.id);
  for (const attempt of got)
    expect(
      verifyDelivery(
        secret,
        attempt.body,
        {
          signature: attempt.headers[SIGNATURE_HEADER] as string,
          timestamp: attempt.headers[TIMESTAMP_HEADER] as string,
        },
        new Date(Number(attempt.headers[TIMESTAMP_HEADER]) * 1000),
      ),
    ).toBe(true);
});
