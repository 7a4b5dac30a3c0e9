import { io as connect } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { now } from "../clock";
import { ErrorCode } from "../errors";
import { listApiTokens, revokeApiToken } from "../domain/api-tokens";
import { setUserDisabled } from "../domain/admin-users";
import { sendMessage } from "../domain/messages";
import { makeCommunity, makeUser, nonce } from "../testing/factories";
import { tokenFor } from "../testing/api-client";
import { nextEvent, request, startSocketServer, type TestSocket } from "../testing/socket-client";

let server: Awaited<ReturnType<typeof startSocketServer>>;
beforeAll(async () => {
  server = await startSocketServer();
});
const opened: TestSocket[] = [];
afterAll(async () => {
  for (const socket of opened) socket.disconnect();
  await server.close();
});

/** A bot's connection: the token in `auth` (as a browser client would pass it) or in an Authorization header. */
function botSocket(token: string, via: "auth" | "header" = "auth") {
  const socket: TestSocket = connect(server.url, {
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    ...(via === "auth" ? { auth: { token } } : { extraHeaders: { authorization: `Bearer ${token}` } }),
  });
  opened.push(socket);
  return new Promise<{ socket: TestSocket; outcome: string }>((resolve) => {
    socket.once("connect", () => resolve({ socket, outcome: "connected" }));
    socket.once("connect_error", (error) => resolve({ socket, outcome: error.message }));
  });
}

const disconnected = (socket: TestSocket) => new Promise<string>((resolve) => socket.once("disconnect", resolve));

describe("API tokens on the socket", () => {
  it("a token's socket gets the same live events as its user, and can send", async () => {
    const { owner, members, generalChannelId } = await makeCommunity(1);
    for (const via of ["auth", "header"] as const) {
      const { socket, outcome } = await botSocket(await tokenFor(members[0]), via);
      expect(outcome).toBe("connected");
      expect(await request(socket, "channel:subscribe", { channelId: generalChannelId })).toMatchObject({ ok: true });
      const arrived = nextEvent(socket, "message:new");
      await sendMessage(owner, { channelId: generalChannelId, content: `!ping ${via}`, nonce: nonce() });
      expect(await arrived).toMatchObject({ content: `!ping ${via}` });
      const sent = await request(socket, "message:send", {
        channelId: generalChannelId,
        content: "pong",
        nonce: nonce(),
      });
      expect(sent).toMatchObject({ ok: true, data: { content: "pong", author: { id: members[0].userId } } });
    }
  });

  it("a READ token's socket receives but cannot send, react or type (6002080)", async () => {
    const { owner, generalChannelId } = await makeCommunity();
    const { socket } = await botSocket(await tokenFor(owner, "READ"));
    expect(await request(socket, "channel:subscribe", { channelId: generalChannelId })).toMatchObject({ ok: true });
    const refused = await request(socket, "message:send", {
      channelId: generalChannelId,
      content: "hi",
      nonce: nonce(),
    });
    expect(refused).toMatchObject({ ok: false, code: ErrorCode.TOKEN_READ_ONLY });
    expect(await db.message.count({ where: { channelId: generalChannelId, type: "TEXT" } })).toBe(0);
  });

  it("an unknown, revoked or expired token is refused at the handshake", async () => {
    const user = await makeUser("bot");
    const secret = await tokenFor(user);
    await revokeApiToken(user, { tokenId: (await listApiTokens(user))[0].id });
    expect((await botSocket(secret)).outcome).toBe("unauthorized");
    expect((await botSocket(`cct_${"B".repeat(43)}`)).outcome).toBe("unauthorized");
    expect((await botSocket("")).outcome).toBe("unauthorized");
    const expiring = await tokenFor(user, "WRITE", 7);
    await db.apiToken.updateMany({ where: { userId: user.userId, revokedAt: null }, data: { expiresAt: now() } });
    expect((await botSocket(expiring)).outcome).toBe("unauthorized");
  });

  it("revoking a token closes its open sockets at once; the user's other tokens stay", async () => {
    const user = await makeUser("bot");
    const [first, second] = [await tokenFor(user), await tokenFor(user)];
    const [a, b] = [(await botSocket(first)).socket, (await botSocket(second)).socket];
    const closed = disconnected(a);
    const firstId = (await listApiTokens(user)).find((token) => token.hint === first.slice(-4))!.id;
    await revokeApiToken(user, { tokenId: firstId });
    expect(await closed).toBe("io server disconnect");
    expect(b.connected).toBe(true);
  });

  it("disabling the account closes its tokens' sockets", async () => {
    const admin = await makeUser("admin");
    await db.user.update({ where: { id: admin.userId }, data: { isAppAdmin: true } });
    const user = await makeUser("bot");
    const { socket } = await botSocket(await tokenFor(user));
    const closed = disconnected(socket);
    await setUserDisabled(admin, { userId: user.userId, disabled: true });
    expect(await closed).toBe("io server disconnect");
  });
});
