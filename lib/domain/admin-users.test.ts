import { afterEach, describe, expect, it } from "vitest";
import { now, setClock } from "../clock";
import { db } from "../db";
import { ErrorCode } from "../errors";
import { pinClock } from "../testing/clock";
import { makeCommunity, makeUser, unique } from "../testing/factories";
import {
  RESET_LINK_HOURS,
  createPasswordReset,
  listUsersForAdmin,
  peekPasswordReset,
  resetPasswordWithLink,
  setUserDisabled,
} from "./admin-users";
import { isSessionLive, openSession } from "./sessions";
import { verifyCredentials } from "./users";

afterEach(() => setClock());

async function makeAdmin() {
  const admin = await makeUser("admin");
  await db.user.update({ where: { id: admin.userId }, data: { isAppAdmin: true } });
  return admin;
}

describe("users in the admin console", () => {
  it("is for app administrators only", async () => {
    const [someone, ann] = await Promise.all([makeUser("someone"), makeUser("ann")]);
    const hidden = { code: ErrorCode.APP_ADMIN_ONLY };
    await expect(listUsersForAdmin(someone)).rejects.toMatchObject(hidden);
    await expect(createPasswordReset(someone, { userId: ann.userId })).rejects.toMatchObject(hidden);
    await expect(setUserDisabled(someone, { userId: ann.userId, disabled: true })).rejects.toMatchObject(hidden);
  });

  it("finds users by name with their communities and last seen, 50 a page", async () => {
    const admin = await makeAdmin();
    const tag = unique("zq").toLowerCase();
    const { owner } = await makeCommunity();
    await db.user.update({ where: { id: owner.userId }, data: { displayName: `Owner ${tag}` } });
    const session = await openSession(owner.userId);
    const page = await listUsersForAdmin(admin, { query: tag.toUpperCase() });
    expect(page.users).toEqual([
      expect.objectContaining({ id: owner.userId, communityCount: 1, disabledAt: null, deleted: false }),
    ]);
    const seen = await db.userSession.findUniqueOrThrow({ where: { id: session } });
    expect(page.users[0].lastSeenAt).toBe(seen.lastSeenAt.toISOString());

    for (let i = 0; i < 51; i++) await makeUser(`${tag}_${i}`);
    const first = await listUsersForAdmin(admin, { query: tag });
    expect(first.users).toHaveLength(50);
    const second = await listUsersForAdmin(admin, { query: tag, cursor: first.nextCursor! });
    expect(second.users).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.users, ...second.users].map((u) => u.id)).size).toBe(52);
  });
});

describe("password reset links", () => {
  it("sets a new password once and signs out every session", async () => {
    const [admin, ann] = await Promise.all([makeAdmin(), makeUser("ann")]);
    const session = await openSession(ann.userId);
    const link = await createPasswordReset(admin, { userId: ann.userId });
    expect(link.path).toBe(`/reset/${link.token}`);
    expect(await db.passwordReset.count({ where: { tokenHash: link.token } })).toBe(0); // stored hashed
    await expect(peekPasswordReset(link.token)).resolves.toMatchObject({ username: ann.username });

    await expect(resetPasswordWithLink({ token: link.token, password: "weak" })).rejects.toThrow("at least 8");
    await expect(resetPasswordWithLink({ token: link.token, password: `${ann.username}1` })).rejects.toMatchObject({
      code: ErrorCode.INVALID_INPUT,
    });
    await expect(resetPasswordWithLink({ token: link.token, password: "new-secret-42" })).resolves.toEqual({
      username: ann.username,
    });
    expect(await isSessionLive(session, ann.userId)).toBe(false);
    await expect(verifyCredentials({ username: ann.username, password: "new-secret-42" })).resolves.toBeTruthy();

    const again = { code: ErrorCode.RESET_LINK_INVALID };
    await expect(resetPasswordWithLink({ token: link.token, password: "other-secret-42" })).rejects.toMatchObject(
      again,
    );
    await expect(peekPasswordReset(link.token)).rejects.toMatchObject(again);
    await expect(peekPasswordReset("not-a-link")).rejects.toMatchObject(again);
  });

  it("expires after 24 hours, and a new link voids the earlier one", async () => {
    const [admin, ann] = await Promise.all([makeAdmin(), makeUser("ann")]);
    const clock = pinClock(now().toISOString());
    const first = await createPasswordReset(admin, { userId: ann.userId });
    const second = await createPasswordReset(admin, { userId: ann.userId });
    await expect(peekPasswordReset(first.token)).rejects.toMatchObject({ code: ErrorCode.RESET_LINK_INVALID });
    clock.advance(RESET_LINK_HOURS * 3600_000 - 1000);
    await expect(peekPasswordReset(second.token)).resolves.toBeTruthy();
    clock.advance(2000);
    await expect(resetPasswordWithLink({ token: second.token, password: "new-secret-42" })).rejects.toMatchObject({
      code: ErrorCode.RESET_LINK_INVALID,
    });
  });

  it("two uses at once: exactly one sets the password", async () => {
    const [admin, ann] = await Promise.all([makeAdmin(), makeUser("ann")]);
    const { token } = await createPasswordReset(admin, { userId: ann.userId });
    const results = await Promise.allSettled([
      resetPasswordWithLink({ token, password: "first-secret-1" }),
      resetPasswordWithLink({ token, password: "second-secret-2" }),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
  });

  it("refuses unknown users", async () => {
    const admin = await makeAdmin();
    await expect(createPasswordReset(admin, { userId: "01HZX3M6Q7R8S9T0V1W2X3Y4Z5" })).rejects.toMatchObject({
      code: ErrorCode.USER_NOT_FOUND,
    });
  });
});

describe("disabling users", () => {
  it("signs the user out at once, refuses their sign-in with a clear message, and can be undone", async () => {
    const [admin, ann] = await Promise.all([makeAdmin(), makeUser("ann")]);
    const session = await openSession(ann.userId);
    await setUserDisabled(admin, { userId: ann.userId, disabled: true });
    expect(await isSessionLive(session, ann.userId)).toBe(false);
    await expect(verifyCredentials({ username: ann.username, password: "correct-horse-9" })).rejects.toMatchObject({
      code: ErrorCode.ACCOUNT_DISABLED,
      message: "This account is disabled. Ask the administrator of this site.",
    });
    await expect(verifyCredentials({ username: ann.username, password: "wrong-pass-1" })).rejects.toMatchObject({
      code: ErrorCode.BAD_CREDENTIALS, // a wrong password does not learn the account is disabled
    });
    expect((await listUsersForAdmin(admin, { query: ann.username })).users[0].disabledAt).not.toBeNull();

    await setUserDisabled(admin, { userId: ann.userId, disabled: false });
    await expect(verifyCredentials({ username: ann.username, password: "correct-horse-9" })).resolves.toBeTruthy();
  });

  it("an administrator cannot disable themselves", async () => {
    const admin = await makeAdmin();
    await expect(setUserDisabled(admin, { userId: admin.userId, disabled: true })).rejects.toMatchObject({
      code: ErrorCode.NO_PERMISSION,
    });
  });
});
