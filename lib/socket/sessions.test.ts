import { io as connect } from "socket.io-client";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authOptions } from "../auth";
import { endAllSessions, endSession, isSessionLive, openSession } from "../domain/sessions";
import { db } from "../db";
import { changePassword, changeUsername, deleteAccount, updateProfile } from "../domain/account";
import { setUserDisabled } from "../domain/admin-users";
import { makeUser } from "../testing/factories";
import { request, startSocketServer, type TestSocket } from "../testing/socket-client";

let server: Awaited<ReturnType<typeof startSocketServer>>;
beforeAll(async () => {
  server = await startSocketServer();
});
const opened: TestSocket[] = [];
afterAll(async () => {
  for (const socket of opened) socket.disconnect();
  await server.close();
});

const cookieFor = async (userId: string, sid?: string) =>
  `next-auth.session-token=${await encode({ token: { sub: userId, name: "test", ...(sid ? { sid } : {}) }, secret: process.env.NEXTAUTH_SECRET! })}`;

/** Connects with a given cookie: "connected", or the handshake's refusal message. */
function handshake(url: string, cookie: string) {
  const socket: TestSocket = connect(url, {
    transports: ["websocket"],
    extraHeaders: { cookie },
    reconnection: false,
    forceNew: true,
  });
  opened.push(socket);
  return new Promise<{ socket: TestSocket; outcome: string }>((resolve) => {
    socket.once("connect", () => resolve({ socket, outcome: "connected" }));
    socket.once("connect_error", (error) => resolve({ socket, outcome: error.message }));
  });
}

const disconnected = (socket: TestSocket) => new Promise<string>((resolve) => socket.once("disconnect", resolve));

describe("sessions that end", () => {
  it("a session counts until it is signed out, and only for its own user", async () => {
    const [ann, bob] = await Promise.all([makeUser("ann"), makeUser("bob")]);
    const sid = await openSession(ann.userId);
    expect(await isSessionLive(sid, ann.userId)).toBe(true);
    expect(await isSessionLive(sid, bob.userId)).toBe(false);
    expect(await isSessionLive(undefined, ann.userId)).toBe(false); // a JWT from before sessions existed
    expect(await isSessionLive("x".repeat(65), ann.userId)).toBe(false);
    await endSession(sid);
    expect(await isSessionLive(sid, ann.userId)).toBe(false);
  });

  it("next-auth's jwt callback opens a session at sign-in and refuses the JWT once it is signed out", async () => {
    const ann = await makeUser("ann");
    const jwt = authOptions.callbacks!.jwt!;
    const signedIn = await jwt({
      token: { sub: ann.userId },
      user: { id: ann.userId, name: "Ann" } as never,
      account: null,
    } as never);
    expect(typeof signedIn.sid).toBe("string");
    expect(await jwt({ token: signedIn } as never)).toMatchObject({ sub: ann.userId, sid: signedIn.sid });

    await authOptions.events!.signOut!({ token: signedIn } as never);
    await expect(jwt({ token: signedIn } as never)).rejects.toMatchObject({ name: "SessionEnded" });
    await expect(jwt({ token: { sub: ann.userId } } as never)).rejects.toMatchObject({ name: "SessionEnded" });
  });

  it("signing out closes that session's sockets at once and refuses its cookie; other sessions stay", async () => {
    const ann = await makeUser("ann");
    const [laptop, phone] = await Promise.all([openSession(ann.userId), openSession(ann.userId)]);
    const laptopCookie = await cookieFor(ann.userId, laptop);
    const onLaptop = await handshake(server.url, laptopCookie);
    const onPhone = await handshake(server.url, await cookieFor(ann.userId, phone));
    expect([onLaptop.outcome, onPhone.outcome]).toEqual(["connected", "connected"]);

    const laptopClosed = disconnected(onLaptop.socket);
    await endSession(laptop);
    expect(await laptopClosed).toBe("io server disconnect");
    expect(onPhone.socket.connected).toBe(true);
    expect(await request(onPhone.socket, "read:states", {})).toMatchObject({ ok: true });
    expect((await handshake(server.url, laptopCookie)).outcome).toBe("unauthorized");

    const phoneClosed = disconnected(onPhone.socket);
    await endAllSessions(ann.userId);
    expect(await phoneClosed).toBe("io server disconnect");
    expect((await handshake(server.url, await cookieFor(ann.userId, phone))).outcome).toBe("unauthorized");
  });

  it("a JWT without a session, or naming another user's session, opens no socket", async () => {
    const [ann, bob] = await Promise.all([makeUser("ann"), makeUser("bob")]);
    const bobs = await openSession(bob.userId);
    expect((await handshake(server.url, await cookieFor(ann.userId))).outcome).toBe("unauthorized");
    expect((await handshake(server.url, await cookieFor(ann.userId, bobs))).outcome).toBe("unauthorized");
  });
});

describe("account changes that end sessions", () => {
  it("a password change closes the other sessions' sockets at once; the browser that changed it stays", async () => {
    const ann = await makeUser("ann");
    const [laptop, phone] = await Promise.all([openSession(ann.userId), openSession(ann.userId)]);
    const onLaptop = await handshake(server.url, await cookieFor(ann.userId, laptop));
    const onPhone = await handshake(server.url, await cookieFor(ann.userId, phone));
    const phoneClosed = disconnected(onPhone.socket);
    await expect(
      changePassword(
        ann,
        { currentPassword: "correct-horse-9", newPassword: "battery-staple-7" },
        { clientIp: "198.51.100.7", keepSessionId: laptop },
      ),
    ).resolves.toEqual({ signedOut: 1 });
    expect(await phoneClosed).toBe("io server disconnect");
    expect((await handshake(server.url, await cookieFor(ann.userId, phone))).outcome).toBe("unauthorized");
    expect(onLaptop.socket.connected).toBe(true);
    expect(await request(onLaptop.socket, "read:states", {})).toMatchObject({ ok: true });
  });

  it("disabling an account closes its sockets and refuses its cookie; deleting one does too", async () => {
    const [admin, ann, bob] = await Promise.all([makeUser("admin"), makeUser("ann"), makeUser("bob")]);
    await db.user.update({ where: { id: admin.userId }, data: { isAppAdmin: true } });
    const annSession = await openSession(ann.userId);
    const onAnn = await handshake(server.url, await cookieFor(ann.userId, annSession));
    const annClosed = disconnected(onAnn.socket);
    await setUserDisabled(admin, { userId: ann.userId, disabled: true });
    expect(await annClosed).toBe("io server disconnect");
    expect((await handshake(server.url, await cookieFor(ann.userId, await openSession(ann.userId)))).outcome).toBe(
      "unauthorized",
    );

    const bobSession = await openSession(bob.userId);
    const onBob = await handshake(server.url, await cookieFor(bob.userId, bobSession));
    const bobClosed = disconnected(onBob.socket);
    await deleteAccount(bob, { password: "correct-horse-9" });
    expect(await bobClosed).toBe("io server disconnect");
    expect(await isSessionLive(await openSession(bob.userId), bob.userId)).toBe(false);
  });

  it("the jwt callback answers the names as they are now", async () => {
    const ann = await makeUser("ann");
    const jwt = authOptions.callbacks!.jwt!;
    const signedIn = await jwt({ token: { sub: ann.userId }, user: { id: ann.userId, name: "ann" } as never } as never);
    await updateProfile(ann, { displayName: "Ann Lee", pronouns: "", aboutMe: "" });
    const renamed = `${ann.username.slice(0, 24)}_new`;
    await changeUsername(ann, { username: renamed });
    expect(await jwt({ token: signedIn } as never)).toMatchObject({ name: "Ann Lee", username: renamed });
  });
});
