import { afterEach, describe, expect, it } from "vitest";
import { now, setClock } from "../clock";
import { db } from "../db";
import { ErrorCode, toResult } from "../errors";
import { limits } from "../limits";
import { pinClock } from "../testing/clock";
import { makeCommunity, makeUser, nonce } from "../testing/factories";
import { api, tokenFor } from "../testing/api-client";
import { authenticateApiToken, createApiToken, listApiTokens, revokeApiToken } from "../domain/api-tokens";

afterEach(() => {
  setClock();
  delete process.env.API_RATE_LIMIT_WRITE;
});

describe("personal access tokens", () => {
  it("are shown once and kept only as a hash; the list shows name, scope, hint, expiry and last use", async () => {
    const user = await makeUser("tokens");
    const { token, secret } = await createApiToken(user, { name: "  CI bot  ", scope: "READ", expiresInDays: 30 });
    expect(secret).toMatch(/^cct_[A-Za-z0-9_-]{43}$/);
    expect(token).toMatchObject({ name: "CI bot", scope: "READ", hint: secret.slice(-4), lastUsedAt: null });
    expect(Date.parse(token.expiresAt!) - Date.parse(token.createdAt)).toBe(30 * 86_400_000);
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: token.id } });
    expect(JSON.stringify(row)).not.toContain(secret.slice(4));
    await api(secret, "GET", "/me");
    const [listed] = await listApiTokens(user);
    expect(listed.lastUsedAt).not.toBeNull();
  });

  it("refuse bad input: an empty or overlong name, an unknown scope or lifetime", async () => {
    const user = await makeUser("tokens");
    for (const input of [
      { name: " ", scope: "READ", expiresInDays: null },
      { name: "x".repeat(101), scope: "READ", expiresInDays: null },
      { name: "ok", scope: "ADMIN", expiresInDays: null },
      { name: "ok", scope: "READ", expiresInDays: 3 },
    ])
      expect(await toResult(() => createApiToken(user, input as never))).toMatchObject({
        ok: false,
        code: ErrorCode.INVALID_INPUT,
      });
  });

  it(`are at most ${limits.apiTokensPerUser} live ones a user (6002081); revoking one makes room`, async () => {
    const user = await makeUser("tokens");
    const made = await Promise.all(
      Array.from({ length: limits.apiTokensPerUser + 3 }, () =>
        createApiToken(user, { name: "t", scope: "READ", expiresInDays: null }).then(
          (result) => result,
          (error: { code: number }) => error.code,
        ),
      ),
    );
    expect(made.filter((result) => typeof result === "number")).toEqual([
      ErrorCode.API_TOKEN_LIMIT,
      ErrorCode.API_TOKEN_LIMIT,
      ErrorCode.API_TOKEN_LIMIT,
    ]);
    const [first] = await listApiTokens(user);
    await revokeApiToken(user, { tokenId: first.id });
    await expect(createApiToken(user, { name: "t", scope: "READ", expiresInDays: null })).resolves.toBeTruthy();
  });

  it("are revoked only by their owner", async () => {
    const [owner, other] = [await makeUser("owner"), await makeUser("other")];
    const secret = await tokenFor(owner);
    const [token] = await listApiTokens(owner);
    expect(await revokeApiToken(other, { tokenId: token.id })).toEqual({ revoked: false });
    expect((await api(secret, "GET", "/me")).status).toBe(200);
    expect(await revokeApiToken(owner, { tokenId: token.id })).toEqual({ revoked: true });
    expect(await listApiTokens(owner)).toEqual([]);
  });
});

describe("/api/v1 authentication", () => {
  it("answers 401 with a Bearer challenge without a token, with a malformed header, or an unknown token", async () => {
    const malformed: Record<string, string>[] = [
      {},
      { authorization: "Basic dXNlcjpwYXNz" },
      { authorization: "Bearer" },
    ];
    for (const headers of malformed) {
      const answer = await api(null, "GET", "/me", undefined, headers);
      expect(answer.status).toBe(401);
      expect(answer.body).toMatchObject({ ok: false, code: ErrorCode.UNAUTHENTICATED });
      expect(answer.headers.get("www-authenticate")).toMatch(/^Bearer/);
    }
    const unknown = await api(`cct_${"A".repeat(43)}`, "GET", "/me");
    expect(unknown).toMatchObject({ status: 401, body: { code: ErrorCode.UNAUTHENTICATED } });
    expect((await api("x".repeat(10_000), "GET", "/me")).status).toBe(401);
  });

  it("ignores the browser's session: a cookie alone is not a token", async () => {
    const answer = await api(null, "GET", "/me", undefined, { cookie: "next-auth.session-token=anything" });
    expect(answer.status).toBe(401);
  });

  it("a revoked token fails at once", async () => {
    const user = await makeUser("revoked");
    const secret = await tokenFor(user);
    expect((await api(secret, "GET", "/me")).status).toBe(200);
    await revokeApiToken(user, { tokenId: (await listApiTokens(user))[0].id });
    expect(await api(secret, "GET", "/me")).toMatchObject({ status: 401, body: { code: ErrorCode.UNAUTHENTICATED } });
  });

  it("an expired token fails the moment its lifetime ends", async () => {
    const clock = pinClock(now().toISOString());
    const user = await makeUser("expiring");
    const secret = await tokenFor(user, "WRITE", 7);
    clock.advance(7 * 86_400_000 - 1);
    expect((await api(secret, "GET", "/me")).status).toBe(200);
    clock.advance(1);
    expect((await api(secret, "GET", "/me")).status).toBe(401);
    expect(await authenticateApiToken(secret)).toBeNull();
  });

  it("a disabled or deleted account's tokens fail", async () => {
    const [disabled, deleted] = [await makeUser("disabled"), await makeUser("deleted")];
    const [a, b] = [await tokenFor(disabled), await tokenFor(deleted)];
    await db.user.update({ where: { id: disabled.userId }, data: { disabledAt: now() } });
    await db.user.update({ where: { id: deleted.userId }, data: { deletedAt: now() } });
    expect((await api(a, "GET", "/me")).status).toBe(401);
    expect((await api(b, "GET", "/me")).status).toBe(401);
  });

  it("a READ token reads but every write is refused with 6002080", async () => {
    const { owner, generalChannelId } = await makeCommunity();
    const reader = await tokenFor(owner, "READ");
    expect((await api(reader, "GET", `/channels/${generalChannelId}/messages`)).status).toBe(200);
    const send = await api(reader, "POST", `/channels/${generalChannelId}/messages`, { content: "hi", nonce: nonce() });
    expect(send).toMatchObject({ status: 403, body: { ok: false, code: ErrorCode.TOKEN_READ_ONLY } });
    const history = await api(reader, "GET", `/channels/${generalChannelId}/messages`);
    expect((history.body.data as { messages: unknown[] }).messages).toEqual([]);
  });
});

describe("/api/v1 requests", () => {
  it("an unknown route is 404 and a known path with the wrong method 405 with Allow", async () => {
    const secret = await tokenFor(await makeUser("routes"));
    expect(await api(secret, "GET", "/nothing/here")).toMatchObject({ status: 404, body: { ok: false } });
    const wrong = await api(secret, "DELETE", "/me");
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("GET");
  });

  it("bad bodies get 400 with a readable message: not JSON, the wrong content type, too large, failing the schema", async () => {
    const { owner, generalChannelId } = await makeCommunity();
    const secret = await tokenFor(owner);
    const path = `/channels/${generalChannelId}/messages`;
    const cases: [unknown, Record<string, string>, RegExp][] = [
      ["{not json", {}, /not valid JSON/],
      [{ content: "hi", nonce: "n" }, { "content-type": "text/plain" }, /as JSON/],
      [JSON.stringify({ content: "x".repeat(300_000), nonce: "n" }), {}, /at most 256 KB/],
      [{ content: "hi" }, {}, /./],
      [[1, 2, 3], {}, /./],
    ];
    for (const [body, headers, message] of cases) {
      const answer = await api(secret, "POST", path, body, headers);
      expect(answer.status, String(message)).toBe(400);
      expect(answer.body).toMatchObject({ ok: false, code: ErrorCode.INVALID_INPUT });
      expect(answer.body.message).toMatch(message);
    }
    const empty = await api(secret, "POST", path, { content: "   ", nonce: nonce() });
    expect(empty).toMatchObject({ status: 400, body: { code: ErrorCode.MESSAGE_EMPTY } });
    const unknown = await api(secret, "PATCH", "/messages/01ARZ3NDEKTSV4RRFFQ69G5FAV", { content: "x" });
    expect(unknown).toMatchObject({ status: 404, body: { code: ErrorCode.MESSAGE_NOT_FOUND } });
  });

  it("markdown and HTML in text are stored as text, never interpreted", async () => {
    const { owner, generalChannelId } = await makeCommunity();
    const secret = await tokenFor(owner);
    const content = `<img src=x onerror=alert(1)> **bold**`;
    const sent = await api(secret, "POST", `/channels/${generalChannelId}/messages`, { content, nonce: nonce() });
    expect(sent.body.data).toMatchObject({ content });
  });

  it("the domain's own limits answer 429 with Retry-After too (the gap between two sends)", async () => {
    const configured = limits.sendGapMs;
    limits.sendGapMs = 60_000; // the suite turns the gap off (lib/testing/setup.ts)
    try {
      const { owner, generalChannelId } = await makeCommunity();
      const secret = await tokenFor(owner);
      const send = () =>
        api(secret, "POST", `/channels/${generalChannelId}/messages`, { content: "hi", nonce: nonce() });
      expect((await send()).status).toBe(200);
      const refused = await send();
      expect(refused).toMatchObject({ status: 429, body: { ok: false, code: ErrorCode.RATE_LIMITED } });
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(1);
      expect(refused.headers.get("x-ratelimit-limit")).toBeTruthy();
    } finally {
      limits.sendGapMs = configured;
    }
  });

  it("rate limits each token per route bucket: 429 with Retry-After and X-RateLimit headers", async () => {
    process.env.API_RATE_LIMIT_WRITE = "3/60";
    const { owner, generalChannelId } = await makeCommunity();
    const [first, second] = [await tokenFor(owner), await tokenFor(owner)];
    const send = (token: string) =>
      api(token, "POST", `/channels/${generalChannelId}/messages`, { content: "hi", nonce: nonce() });
    const answers = [await send(first), await send(first), await send(first)];
    expect(answers.map((answer) => answer.headers.get("x-ratelimit-remaining"))).toEqual(["2", "1", "0"]);
    expect(answers[0].headers.get("x-ratelimit-limit")).toBe("3");
    expect(Number(answers[0].headers.get("x-ratelimit-reset"))).toBeGreaterThan(Date.now() / 1000);
    const refused = await send(first);
    expect(refused).toMatchObject({ status: 429, body: { ok: false, code: ErrorCode.RATE_LIMITED } });
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    // another bucket of the same token, and another token, still have their turns
    expect((await api(first, "PATCH", `/channels/${generalChannelId}`, { topic: "t" })).status).toBe(200);
    expect((await send(second)).status).toBe(200);
  });
});
