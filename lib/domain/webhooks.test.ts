import http from "node:http";
import type { AddressInfo } from "node:net";
import sharp from "sharp";
import { afterEach, describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/[webhookId]/[token]/route";
import { db } from "../db";
import { ErrorCode, toResult } from "../errors";
import { limits } from "../limits";
import { isPublicAddress, outboundRequest, OutboundRefused } from "../outbound/request";
import { nonce } from "../testing/factories";
import { makeWorld } from "../testing/world";
import { listAuditLog } from "./audit";
import { createChannel, deleteChannel } from "./channels";
import { startConversation } from "./conversations";
import { listMessages, sendMessage } from "./messages";
import { createThread } from "./threads";
import { createWebhook, deleteWebhook, listChannelWebhooks } from "./webhooks";

const codeOf = async (run: () => Promise<unknown>) => {
  const result = await toResult(run);
  return result.ok ? "ok" : result.code;
};

/** What an integration does: POST to the webhook's URL path (through the real route handler). */
async function post(path: string, body: unknown, { raw = false } = {}) {
  const [, , , webhookId, token] = path.split("/");
  const response = await POST(
    new Request(`http://localhost${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: raw ? (body as string) : JSON.stringify(body),
    }),
    { params: Promise.resolve({ webhookId, token }) },
  );
  return { status: response.status, headers: response.headers, body: await response.json() };
}

const env = { ...process.env };
afterEach(() => {
  process.env.WEBHOOK_RATE_LIMIT = env.WEBHOOK_RATE_LIMIT;
  process.env.OUTBOUND_ALLOWLIST = env.OUTBOUND_ALLOWLIST;
  if (env.WEBHOOK_RATE_LIMIT === undefined) delete process.env.WEBHOOK_RATE_LIMIT;
  if (env.OUTBOUND_ALLOWLIST === undefined) delete process.env.OUTBOUND_ALLOWLIST;
});

describe("incoming webhooks", () => {
  it("an admin makes one; its URL posts as the webhook, under another name when asked; members see it in history", async () => {
    const world = await makeWorld();
    const { webhook, path } = await createWebhook(world.actors.admin, {
      channelId: world.generalChannelId,
      name: "Deploys",
    });
    expect(webhook).toMatchObject({
      name: "Deploys",
      createdBy: { id: world.actors.admin.userId },
      lastUsedAt: null,
      hint: path.slice(-4),
    });
    expect(path).toMatch(new RegExp(`^/api/webhooks/${webhook.id}/[A-Za-z0-9_-]{43}$`));

    const first = await post(path, { content: "**Build 42** passed" });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      ok: true,
      data: { content: "**Build 42** passed", author: { displayName: "Deploys", bot: true, webhook: true } },
    });
    const renamed = await post(path, { content: "Build 43 failed", username: "CI" });
    expect(renamed.body.data.author).toMatchObject({ displayName: "CI", webhook: true });
    // Slack's shape works too
    expect((await post(path, { text: "from a Slack tool" })).body).toMatchObject({ ok: true });

    const page = await listMessages(world.actors.member, { channelId: world.generalChannelId });
    expect(page.messages.slice(-3).map((m) => [m.author.displayName, m.content, m.author.webhook])).toEqual([
      ["Deploys", "**Build 42** passed", true],
      ["CI", "Build 43 failed", true],
      ["Deploys", "from a Slack tool", true],
    ]);
    const human = await sendMessage(world.actors.member, {
      channelId: world.generalChannelId,
      content: "thanks",
      nonce: nonce(),
    });
    expect(human.author).not.toHaveProperty("webhook");

    const [listed] = await listChannelWebhooks(world.actors.owner, world.generalChannelId);
    expect(listed).toMatchObject({ id: webhook.id, lastUsedAt: expect.any(String) });
    // the webhook is nobody's fellow member: not in the member list, never a reader
    expect(
      await db.member.count({ where: { communityId: world.communityId, user: { webhookIdentity: { isNot: null } } } }),
    ).toBe(0);
  });

  it("who may make, list and delete them: owner and admins; members, the muted, the banned and outsiders never", async () => {
    const world = await makeWorld();
    const make = (kind: keyof typeof world.actors) =>
      codeOf(() => createWebhook(world.actors[kind], { channelId: world.generalChannelId, name: "W" }));
    expect(await make("owner")).toBe("ok");
    expect(await make("admin")).toBe("ok");
    expect(await make("member")).toBe(ErrorCode.NO_PERMISSION);
    expect(await make("muted")).toBe(ErrorCode.NO_PERMISSION);
    expect(await make("banned")).toBe(ErrorCode.NOT_IN_COMMUNITY);
    expect(await make("outsider")).toBe(ErrorCode.NOT_IN_COMMUNITY);
    for (const kind of ["member", "outsider"] as const)
      expect(await codeOf(() => listChannelWebhooks(world.actors[kind], world.generalChannelId))).not.toBe("ok");

    const { webhook, path } = await createWebhook(world.actors.owner, { channelId: world.generalChannelId, name: "X" });
    expect(await codeOf(() => deleteWebhook(world.actors.member, { webhookId: webhook.id }))).toBe(
      ErrorCode.NO_PERMISSION,
    );
    expect(await codeOf(() => deleteWebhook(world.actors.outsider, { webhookId: webhook.id }))).toBe(
      ErrorCode.NOT_IN_COMMUNITY,
    );
    expect((await post(path, { content: "still works" })).status).toBe(200);
    expect(await codeOf(() => deleteWebhook(world.actors.admin, { webhookId: webhook.id }))).toBe("ok");
    // deleted: the URL stops at once; its messages stay
    expect((await post(path, { content: "after delete" })).body).toMatchObject({
      ok: false,
      code: ErrorCode.WEBHOOK_NOT_FOUND,
    });
    const page = await listMessages(world.actors.member, { channelId: world.generalChannelId });
    expect(page.messages.map((m) => m.content)).toContain("still works");
    expect(await codeOf(() => deleteWebhook(world.actors.admin, { webhookId: webhook.id }))).toBe(
      ErrorCode.WEBHOOK_NOT_FOUND,
    );

    const { entries } = await listAuditLog(world.actors.owner, world.communityId, {});
    expect(entries.map((e) => e.action)).toEqual(expect.arrayContaining(["webhook.create", "webhook.delete"]));
  });

  it("belongs to a community channel: not a thread, not a private conversation, not a private channel one cannot read", async () => {
    const world = await makeWorld();
    const root = await sendMessage(world.actors.member, {
      channelId: world.generalChannelId,
      content: "root",
      nonce: nonce(),
    });
    const thread = await createThread(world.actors.member, { messageId: root.id });
    expect(await codeOf(() => createWebhook(world.actors.owner, { channelId: thread.id, name: "W" }))).toBe(
      ErrorCode.CHANNEL_NOT_FOUND,
    );
    const group = await startConversation(world.actors.owner, {
      userIds: [world.actors.member2.userId, world.actors.member.userId],
      name: "pals",
    });
    expect(await codeOf(() => createWebhook(world.actors.owner, { channelId: group.channelId, name: "W" }))).toBe(
      ErrorCode.WEBHOOK_CHANNEL,
    );
    const secret = await createChannel(world.actors.owner, {
      communityId: world.communityId,
      name: "staff",
      kind: "PRIVATE",
    });
    expect(await codeOf(() => createWebhook(world.actors.member, { channelId: secret.id, name: "W" }))).toBe(
      ErrorCode.CHANNEL_NOT_FOUND,
    );
    expect(await codeOf(() => createWebhook(world.actors.admin, { channelId: secret.id, name: "W" }))).toBe("ok");
    for (const name of ["", " ", "x".repeat(65)])
      expect(await codeOf(() => createWebhook(world.actors.owner, { channelId: world.generalChannelId, name }))).toBe(
        ErrorCode.INVALID_INPUT,
      );
  });

  it(`at most ${limits.webhooksPerChannel} a channel, also when made at once`, async () => {
    const world = await makeWorld();
    const outcomes: unknown[] = [];
    // one at a time would not race: all at once, each settled into its code
    await Promise.all(
      Array.from({ length: limits.webhooksPerChannel + 3 }, (_, i) =>
        codeOf(() => createWebhook(world.actors.owner, { channelId: world.generalChannelId, name: `W${i}` })).then(
          (code) => outcomes.push(code),
        ),
      ),
    );
    expect(outcomes.filter((code) => code === "ok")).toHaveLength(limits.webhooksPerChannel);
    expect(outcomes.filter((code) => code === ErrorCode.WEBHOOK_LIMIT)).toHaveLength(3);
  });

  it("bad requests get a code and a reason, and store nothing", async () => {
    const world = await makeWorld();
    const { webhook, path } = await createWebhook(world.actors.owner, { channelId: world.generalChannelId, name: "W" });
    const before = await db.message.count({ where: { channelId: world.generalChannelId } });
    const wrongSecret = path.replace(/.{4}$/, path.endsWith("AAAA") ? "BBBB" : "AAAA");
    const cases: Array<[string, unknown, number, number, { raw?: boolean }?]> = [
      [wrongSecret, { content: "x" }, 404, ErrorCode.WEBHOOK_NOT_FOUND],
      [
        `/api/webhooks/01ARZ3NDEKTSV4RRFFQ69G5FAV/${path.split("/").pop()}`,
        { content: "x" },
        404,
        ErrorCode.WEBHOOK_NOT_FOUND,
      ],
      [`/api/webhooks/not-an-id/secret`, { content: "x" }, 404, ErrorCode.WEBHOOK_NOT_FOUND],
      [`/api/webhooks/${webhook.id}/${"s".repeat(5000)}`, { content: "x" }, 404, ErrorCode.WEBHOOK_NOT_FOUND],
      [path, { content: "" }, 400, ErrorCode.MESSAGE_EMPTY],
      [path, { content: "   \n " }, 400, ErrorCode.MESSAGE_EMPTY],
      [path, {}, 400, ErrorCode.INVALID_INPUT],
      [path, { content: "x".repeat(limits.messageLength + 1) }, 400, ErrorCode.MESSAGE_TOO_LONG],
      [path, { content: 42 }, 400, ErrorCode.INVALID_INPUT],
      [path, { content: "x", username: "y".repeat(65) }, 400, ErrorCode.INVALID_INPUT],
      [path, { content: "x", avatarUrl: "javascript:alert(1)" }, 400, ErrorCode.INVALID_INPUT],
      [path, { content: "x", avatarUrl: "file:///etc/passwd" }, 400, ErrorCode.INVALID_INPUT],
      [path, "not json", 400, ErrorCode.INVALID_INPUT, { raw: true }],
      [path, ["content"], 400, ErrorCode.INVALID_INPUT],
      [path, { content: "x".repeat(70 * 1024) }, 400, ErrorCode.INVALID_INPUT],
    ];
    for (const [target, body, status, code, options] of cases) {
      const answer = await post(target, body, options);
      expect([answer.status, answer.body.code], JSON.stringify(body).slice(0, 80)).toEqual([status, code]);
      expect(answer.body.message).toEqual(expect.any(String));
    }
    expect(await db.message.count({ where: { channelId: world.generalChannelId } })).toBe(before);
  });

  it("text is kept as text, mentions reach readers, @everyone does not ping", async () => {
    const world = await makeWorld();
    const { path } = await createWebhook(world.actors.owner, { channelId: world.generalChannelId, name: "W" });
    const member = await db.user.findUniqueOrThrow({ where: { id: world.actors.member.userId } });
    const html = `<img src=x onerror=alert(1)> <script>alert(2)</script> @everyone @${member.username}`;
    const { body } = await post(path, { content: html });
    expect(body.data).toMatchObject({ content: html, mentionsEveryone: false, mentions: [member.username] });
  });

  it("is rate limited per webhook, with the wait", async () => {
    process.env.WEBHOOK_RATE_LIMIT = "3/60";
    const world = await makeWorld();
    const one = await createWebhook(world.actors.owner, { channelId: world.generalChannelId, name: "A" });
    const two = await createWebhook(world.actors.owner, { channelId: world.generalChannelId, name: "B" });
    for (let i = 0; i < 3; i++) expect((await post(one.path, { content: `a${i}` })).status).toBe(200);
    const refused = await post(one.path, { content: "a3" });
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ ok: false, code: ErrorCode.RATE_LIMITED });
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    // another webhook has its own allowance
    expect((await post(two.path, { content: "b0" })).status).toBe(200);
  });

  it("posts nothing into a community an administrator disabled, nor into a deleted channel", async () => {
    const world = await makeWorld();
    const channel = await createChannel(world.actors.owner, { communityId: world.communityId, name: "alerts" });
    const general = await createWebhook(world.actors.owner, { channelId: world.generalChannelId, name: "G" });
    const alerts = await createWebhook(world.actors.owner, { channelId: channel.id, name: "A" });
    await deleteChannel(world.actors.owner, channel.id);
    expect((await post(alerts.path, { content: "x" })).body.code).toBe(ErrorCode.WEBHOOK_NOT_FOUND);
    await db.community.update({ where: { id: world.communityId }, data: { disabledAt: new Date() } });
    expect((await post(general.path, { content: "x" })).body.code).toBe(ErrorCode.COMMUNITY_DISABLED);
  });
});

describe("a webhook message's avatarUrl", () => {
  async function imageServer() {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#36c" } })
      .png()
      .toBuffer();
    let hits = 0;
    const server = http.createServer((request, response) => {
      hits++;
      if (request.url === "/avatar.png") response.writeHead(200, { "content-type": "image/png" }).end(png);
      else if (request.url === "/big") response.writeHead(200).end(Buffer.alloc(limits.avatarBytes + 1));
      else response.writeHead(200, { "content-type": "text/plain" }).end("not an image");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { base, hits: () => hits, close: () => new Promise((resolve) => server.close(resolve)) };
  }

  it("is fetched once, re-encoded and shown; a private address is refused unless allowlisted; a bad image leaves the default", async () => {
    const world = await makeWorld();
    const { path } = await createWebhook(world.actors.owner, { channelId: world.generalChannelId, name: "W" });
    const server = await imageServer();
    try {
      delete process.env.OUTBOUND_ALLOWLIST;
      const refused = await post(path, { content: "loopback", avatarUrl: `${server.base}/avatar.png` });
      expect(refused.body.data.author.avatarUrl).toBeNull();
      expect(server.hits()).toBe(0);

      process.env.OUTBOUND_ALLOWLIST = "127.0.0.1";
      const shown = await post(path, { content: "allowed", avatarUrl: `${server.base}/avatar.png` });
      expect(shown.body.data.author.avatarUrl).toMatch(/^\/api\/files\/avatars\/webhooks\/[0-9a-f]{64}\.webp$/);
      const again = await post(path, { content: "again", avatar_url: `${server.base}/avatar.png` });
      expect(again.body.data.author.avatarUrl).toBe(shown.body.data.author.avatarUrl);
      expect(server.hits()).toBe(1);

      for (const bad of ["/text", "/big"]) {
        const answer = await post(path, { content: `bad ${bad}`, avatarUrl: `${server.base}${bad}` });
        expect(answer.body).toMatchObject({ ok: true, data: { author: { avatarUrl: null } } });
      }
      const page = await listMessages(world.actors.member, { channelId: world.generalChannelId });
      expect(page.messages.find((m) => m.content === "allowed")?.author.avatarUrl).toBe(
        shown.body.data.author.avatarUrl,
      );
    } finally {
      await server.close();
    }
  });
});

describe("outbound requests", () => {
  it("know public addresses from private, loopback, link-local and mapped ones", () => {
    for (const address of ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111"]) expect(isPublicAddress(address)).toBe(true);
    for (const address of [
      "127.0.0.1",
      "10.1.2.3",
      "172.16.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "::1",
      "::",
      "fe80::1",
      "fc00::1",
      "::ffff:127.0.0.1",
      "::ffff:10.0.0.1",
      "224.0.0.1",
      "not an address",
    ])
      expect(isPublicAddress(address), address).toBe(false);
  });

  it("refuse private targets by name or literal before connecting, and bound time and size", async () => {
    delete process.env.OUTBOUND_ALLOWLIST;
    for (const url of [
      "http://127.0.0.1:9/",
      "http://localhost:9/",
      "http://[::1]:9/",
      "http://169.254.169.254/",
      "ftp://example.com/",
    ])
      await expect(outboundRequest(url), url).rejects.toBeInstanceOf(OutboundRefused);
    const slow = http.createServer(() => {}); // never answers
    await new Promise<void>((resolve) => slow.listen(0, "127.0.0.1", resolve));
    process.env.OUTBOUND_ALLOWLIST = "127.0.0.1";
    try {
      const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/`;
      await expect(outboundRequest(url, { timeoutMs: 300 })).rejects.toThrow(/no answer within 300 ms/);
    } finally {
      slow.closeAllConnections();
      await new Promise((resolve) => slow.close(resolve));
    }
  });
});
