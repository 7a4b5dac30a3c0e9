import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { db } from "../db";
import { listPins } from "./pins";
import { listMessages } from "./messages";

it("the demo seed (npm run demo) builds a community with a conversation, a reply, reactions, a pin and a thread, and runs again safely", async () => {
  process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "chat-demo-"));
  const { seedDemo } = await import("../../prisma/seed");
  const first = await seedDemo();
  const again = await seedDemo();
  expect(again).toEqual(first);
  expect(fs.readFileSync(path.join(process.env.DATA_DIR, "demo-password"), "utf8")).toBe(first.password);

  const demo = await db.user.findUniqueOrThrow({ where: { username: "demo" } });
  const general = await db.channel.findFirstOrThrow({ where: { kind: "GENERAL", community: { ownerId: demo.id } } });
  const page = await listMessages({ userId: demo.id }, { channelId: general.id });
  const texts = page.messages.filter((m) => m.type === "TEXT");
  expect(texts.length).toBeGreaterThanOrEqual(8);
  expect(texts.find((m) => m.replyTo)?.replyTo?.content).toContain("#help");
  expect(texts[0].reactions).toEqual([expect.objectContaining({ emoji: "🎉", count: 2, me: true })]);
  expect(texts.find((m) => m.content.includes("@ada"))?.mentions).toEqual(["ada"]);
  expect((await listPins({ userId: demo.id }, general.id)).map((m) => m.id)).toEqual([texts[0].id]);
  expect(texts[1].thread).toMatchObject({ name: "Where to ask questions", replyCount: 2 });
});
