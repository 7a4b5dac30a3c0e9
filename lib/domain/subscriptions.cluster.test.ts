import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { db } from "../db";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyDelivery } from "../outbound/signature";
import { startEventReceiver } from "../testing/event-receiver";
import { nonce } from "../testing/factories";
import { makeWorld } from "../testing/world";
import { sendMessage } from "./messages";
import { createSubscription } from "./subscriptions";

// Deliveries live in the database: a process that dies leaves them to the next one.

let receiver: Awaited<ReturnType<typeof startEventReceiver>>;
const allowlist = process.env.OUTBOUND_ALLOWLIST;
beforeAll(async () => {
  receiver = await startEventReceiver();
  process.env.OUTBOUND_ALLOWLIST = "127.0.0.1";
});
afterAll(async () => {
  await receiver.close();
  if (allowlist === undefined) delete process.env.OUTBOUND_ALLOWLIST;
  else process.env.OUTBOUND_ALLOWLIST = allowlist;
});

/** An app process running only its background jobs, `aheadMs` ahead in domain time. */
async function startWorkerProcess(aheadMs: number) {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(import.meta.dirname, "../testing/delivery-process.ts")],
    {
      stdio: ["ignore", "inherit", "inherit", "ipc"],
      env: {
        ...process.env,
        OUTBOUND_ALLOWLIST: "127.0.0.1",
        DELIVERY_CLOCK_AHEAD_MS: String(aheadMs),
        DATABASE_POOL_SIZE: "2",
      },
    },
  );
  await new Promise<void>((resolve, reject) => {
    child.once("message", () => resolve());
    child.once("exit", (code) => reject(new Error(`the worker process exited (${code})`)));
  });
  return {
    kill: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGKILL");
      }),
  };
}

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
  await first.kill();

  receiver.answer(() => 200);
  const second = await startWorkerProcess(60_000); // a minute later: the retry is due
  try {
    await vi.waitFor(async () => expect(await deliveries()).toMatchObject([{ status: "DELIVERED", attempts: 2 }]), {
      timeout: 15_000,
      interval: 100,
    });
  } finally {
    await second.kill();
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
