import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { nonce, unique } from "../testing/factories";
import { makeWorld } from "../testing/world";
import { createWebhook, executeWebhook } from "../domain/webhooks";
import { documentedApi, tokenFor } from "../testing/api-client";
import { openApiDocument } from "./openapi";
import { apiRoutes } from "./routes";

describe("the OpenAPI document", () => {
  it("documents every route, each with its parameters, body and response schema, under a unique SDK name", () => {
    const document = openApiDocument();
    const operationIds = new Set<string>();
    for (const route of apiRoutes) {
      const operation = document.paths?.[route.path]?.[route.method];
      expect(operation, `${route.method} ${route.path}`).toBeTruthy();
      expect(operation!.operationId).toBe(route.operationId);
      expect(operationIds.has(route.operationId), route.operationId).toBe(false);
      operationIds.add(route.operationId);
      const success = operation!.responses?.["200"] as { content: Record<string, { schema: object }> };
      expect(success.content["application/json"].schema).toBeTruthy();
      const pathNames = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
      const documented = (operation!.parameters ?? [])
        .filter((parameter) => "in" in parameter && parameter.in === "path")
        .map((parameter) => ("name" in parameter ? parameter.name : ""))
        .sort();
      expect(documented, route.path).toEqual(pathNames);
      if (route.body) expect(operation!.requestBody, route.operationId).toBeTruthy();
    }
    expect(document.components?.securitySchemes?.bearer).toBeTruthy();
  });

  it("has no route handler under /api/v1 outside the documented router (and the document and reference pages)", () => {
    const root = path.resolve("app/api/v1");
    const handlers = fs
      .readdirSync(root, { recursive: true, encoding: "utf8" })
      .filter((file) => file.endsWith("route.ts"))
      .map((file) => file.split(path.sep).join("/"))
      .sort();
    expect(handlers).toEqual([
      "[...path]/route.ts",
      "openapi.json/route.ts",
      "reference/[asset]/route.ts",
      "reference/route.ts",
    ]);
  });
});

describe("every documented route answers with the documented shapes", () => {
  const answered = new Set<string>();
  const call = documentedApi(answered);

  afterAll(() => {
    // runs after the scenario below: each route was exercised successfully at least once
    expect([...apiRoutes.map((route) => route.operationId)].filter((id) => !answered.has(id))).toEqual([]);
  });

  it("a bot's day: communities, members, channels, messages, threads, search and read states", async () => {
    const world = await makeWorld();
    const { communityId, generalChannelId, actors } = world;
    const owner = await tokenFor(actors.owner);
    const member = await tokenFor(actors.member);
    const username = async (userId: string) =>
      (await db.user.findUniqueOrThrow({ where: { id: userId }, select: { username: true } })).username;

    expect((await call(owner, "GET", "/me")).body.data).toMatchObject({ id: actors.owner.userId });
    expect((await call(owner, "GET", "/communities")).body.data).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: communityId, role: "OWNER" })]),
    );
    const created = await call(owner, "POST", "/communities", { name: unique("Made by API") });
    const other = (created.body.data as { community: { id: string } }).community.id;
    await call(owner, "PATCH", `/communities/${other}`, { joinMode: "OPEN", notice: "Welcome, bots" });
    expect((await call(member, "POST", `/communities/${other}/join`)).body.data).toMatchObject({ id: other });
    expect((await call(member, "POST", `/communities/${other}/leave`)).body.data).toEqual({ communityId: other });
    expect((await call(owner, "GET", `/communities/${communityId}`)).body.data).toMatchObject({ role: "OWNER" });
    const attributes = await call(owner, "PATCH", `/communities/${communityId}/attributes`, { set: { team: "a" } });
    expect(attributes.body.data).toMatchObject({ attributes: { team: "a" }, failures: [] });

    // members
    const page = await call(owner, "GET", `/communities/${communityId}/members?limit=2`);
    expect((page.body.data as { members: unknown[]; nextCursor: string }).members).toHaveLength(2);
    const next = (page.body.data as { nextCursor: string }).nextCursor;
    expect((await call(owner, "GET", `/communities/${communityId}/members?limit=2&cursor=${next}`)).status).toBe(200);
    const one = await call(owner, "GET", `/communities/${communityId}/members/${actors.member.userId}`);
    expect(one.body.data).toMatchObject({ id: actors.member.userId, role: "MEMBER" });
    const invited = await call(owner, "POST", `/communities/${communityId}/invitations`, {
      usernames: [await username(actors.outsider.userId), "nobody_by_this_name"],
    });
    expect((invited.body.data as { results: { ok: boolean }[] }).results.map((result) => result.ok)).toEqual([
      true,
      false,
    ]);
    await call(owner, "PUT", `/communities/${communityId}/members/${actors.member.userId}/role`, { role: "ADMIN" });
    await call(owner, "PUT", `/communities/${communityId}/members/${actors.member.userId}/role`, { role: "MEMBER" });
    const muted = await call(owner, "PUT", `/communities/${communityId}/members/${actors.member2.userId}/mute`, {
      durationSeconds: 600,
    });
    expect(muted.body.data).toMatchObject({ userId: actors.member2.userId, channelId: null });
    await call(owner, "DELETE", `/communities/${communityId}/members/${actors.member2.userId}/mute`);
    const kicked = await call(owner, "POST", `/communities/${communityId}/kicks`, { userIds: [actors.member2.userId] });
    expect((kicked.body.data as { results: { ok: boolean }[] }).results).toEqual([
      expect.objectContaining({ ok: true }),
    ]);
    await call(owner, "PUT", `/communities/${communityId}/bans/${actors.member2.userId}`, { reason: "spam" });
    await call(owner, "DELETE", `/communities/${communityId}/bans/${actors.member2.userId}`);

    // channels
    expect((await call(member, "GET", `/communities/${communityId}/channels`)).body.data).toEqual([
      expect.objectContaining({ id: generalChannelId }),
    ]);
    const channel = await call(owner, "POST", `/communities/${communityId}/channels`, {
      name: "Bot Room",
      kind: "PRIVATE",
    });
    const channelId = (channel.body.data as { id: string; name: string }).id;
    expect(channel.body.data).toMatchObject({ name: "bot-room", kind: "PRIVATE" });
    await call(owner, "PATCH", `/channels/${channelId}`, { topic: "Where bots talk" });
    await call(owner, "POST", `/channels/${channelId}/members`, { userIds: [actors.member.userId] });
    expect((await call(owner, "GET", `/channels/${channelId}/members`)).body.data).toEqual([
      expect.objectContaining({ id: actors.member.userId }),
    ]);
    await call(owner, "DELETE", `/channels/${channelId}/members`, { userIds: [actors.member.userId] });
    expect((await call(owner, "DELETE", `/channels/${channelId}`)).body.data).toEqual({ channelId });

    // messages
    const sent = await call(member, "POST", `/channels/${generalChannelId}/messages`, {
      content: "hello from **a bot** <script>alert(1)</script>",
      nonce: "n-1",
    });
    const messageId = (sent.body.data as { id: string }).id;
    const again = await call(member, "POST", `/channels/${generalChannelId}/messages`, {
      content: "again",
      nonce: "n-1",
    });
    expect((again.body.data as { id: string }).id).toBe(messageId);
    // a webhook's message in the page too: its author has the webhook's shape
    const webhook = await createWebhook(actors.owner, { channelId: generalChannelId, name: "Hook" });
    await executeWebhook(webhook.webhook.id, webhook.path.split("/").pop()!, {
      content: "from a hook",
      username: "CI",
    });
    const history = await call(member, "GET", `/channels/${generalChannelId}/messages?limit=10`);
    const historyPage = history.body.data as { messages: { id: string; author: { webhook?: true } }[] };
    expect(historyPage.messages.map((m) => m.id)).toContain(messageId);
    expect(historyPage.messages.some((m) => m.author.webhook)).toBe(true);
    await call(member, "PATCH", `/messages/${messageId}`, { content: "hello, edited" });
    await call(owner, "POST", `/messages/${messageId}/reactions`, { emoji: "👍", add: true });
    await call(owner, "PUT", `/messages/${messageId}/pin`, { pin: true });
    expect((await call(member, "GET", `/channels/${generalChannelId}/pins`)).body.data).toEqual([
      expect.objectContaining({ id: messageId, pinned: true, reactions: [expect.objectContaining({ emoji: "👍" })] }),
    ]);

    // threads: replies are the thread's messages
    const thread = await call(member, "POST", `/messages/${messageId}/thread`, { name: "Bot thread" });
    const threadId = (thread.body.data as { id: string }).id;
    await call(owner, "POST", `/channels/${threadId}/messages`, { content: "a reply", nonce: nonce() });
    const threads = await call(member, "GET", `/channels/${generalChannelId}/threads?limit=5&archived=false`);
    expect((threads.body.data as { threads: { id: string }[] }).threads.map((t) => t.id)).toEqual([threadId]);
    expect((await call(member, "GET", `/threads/${threadId}`)).body.data).toMatchObject({ thread: { replyCount: 1 } });
    await call(member, "PATCH", `/threads/${threadId}`, { resolved: true });

    // search and read states
    const found = await call(member, "GET", `/communities/${communityId}/search?query=edited`);
    expect((found.body.data as { results: { id: string }[] }).results.map((r) => r.id)).toEqual([messageId]);
    const states = await call(owner, "GET", `/me/read-states?communityId=${communityId}`);
    expect(states.body.data).toEqual([expect.objectContaining({ communityId })]);
    const read = await call(owner, "PUT", `/channels/${generalChannelId}/read`, { messageId });
    expect(read.body.data).toMatchObject({ channelId: generalChannelId, lastReadId: messageId });

    expect((await call(member, "DELETE", `/messages/${messageId}`)).body.data).toEqual({ messageId, removed: false });

    // event subscriptions (a receiver on loopback: allowlisted here; nothing is delivered in this test)
    const allowlist = process.env.OUTBOUND_ALLOWLIST;
    process.env.OUTBOUND_ALLOWLIST = "127.0.0.1";
    try {
      const made = await call(owner, "POST", `/communities/${communityId}/subscriptions`, {
        url: "http://127.0.0.1:9/events",
        events: ["message.created", "member.joined"],
      });
      const { subscription } = made.body.data as { subscription: { id: string }; secret: string };
      expect((await call(owner, "GET", `/communities/${communityId}/subscriptions`)).body.data).toEqual([
        expect.objectContaining({ id: subscription.id }),
      ]);
      expect((await call(owner, "POST", `/subscriptions/${subscription.id}/test`)).body.data).toEqual({ queued: true });
      const log = await call(owner, "GET", `/subscriptions/${subscription.id}/deliveries`);
      expect(log.body.data).toEqual([expect.objectContaining({ event: "ping", status: "PENDING" })]);
      expect((await call(owner, "DELETE", `/subscriptions/${subscription.id}`)).body.data).toEqual({
        subscriptionId: subscription.id,
      });
    } finally {
      if (allowlist === undefined) delete process.env.OUTBOUND_ALLOWLIST;
      else process.env.OUTBOUND_ALLOWLIST = allowlist;
    }
  });
});
