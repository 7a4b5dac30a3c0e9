import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { db } from "../db";
import { ErrorCode } from "../errors";
import { fileStorage } from "../storage";
import { makeCommunity, makeUser, nonce, unique } from "../testing/factories";
import {
  changePassword,
  changeUsername,
  deleteAccount,
  getMyAccount,
  listMyBlockedUsers,
  setDefaultNotify,
  updatePrivacy,
  updateProfile,
} from "./account";
import { removeUserAvatar, setUserAvatar } from "./avatars";
import { setBlocked } from "./blocks";
import { createCommunity } from "./communities";
import { acceptInvite, createInvite } from "./invites";
import { listMembers, transferOwnership } from "./members";
import { listMessages, sendMessage } from "./messages";
import { endMyOtherSessions, endMySession, isSessionLive, listMySessions, openSession } from "./sessions";
import { registerUser, verifyCredentials } from "./users";

const PASSWORD = "correct-horse-9";
const ip = () => `203.0.113.${Math.floor(Math.random() * 250)}`;

describe("profile", () => {
  it("sets display name, pronouns and about me; member lists find the new name", async () => {
    const { owner, community } = await makeCommunity(1);
    const profile = await updateProfile(owner, {
      displayName: "  Zed Quasar ",
      pronouns: "they/them",
      aboutMe: "I write **Rust** <script>alert(1)</script>",
    });
    expect(profile).toMatchObject({ displayName: "Zed Quasar", pronouns: "they/them" });
    // stored as typed: the markdown renderer shows it as text (never as HTML)
    expect((await getMyAccount(owner)).aboutMe).toBe("I write **Rust** <script>alert(1)</script>");
    const found = await listMembers(owner, { communityId: community.id, query: "zed q" });
    expect(found.members.map((member) => member.id)).toEqual([owner.userId]);
  });

  it("refuses overlong fields and an empty display name with readable messages", async () => {
    const user = await makeUser("ann");
    await expect(updateProfile(user, { displayName: "", pronouns: "", aboutMe: "" })).rejects.toThrow(
      "Display name is required.",
    );
    await expect(updateProfile(user, { displayName: "x".repeat(65), pronouns: "", aboutMe: "" })).rejects.toThrow(
      "at most 64",
    );
    await expect(updateProfile(user, { displayName: "Ann", pronouns: "p".repeat(41), aboutMe: "" })).rejects.toThrow(
      "Pronouns must be at most 40",
    );
    await expect(updateProfile(user, { displayName: "Ann", pronouns: "", aboutMe: "a".repeat(401) })).rejects.toThrow(
      "About me must be at most 400",
    );
    await expect(updateProfile(user, { displayName: "Ann\u0000", pronouns: "", aboutMe: "" })).rejects.toThrow(
      "cannot be saved",
    );
  });

  it("an avatar is re-encoded, replaced, removed; a file that is not an image is refused", async () => {
    const user = await makeUser("ann");
    const png = await sharp({ create: { width: 500, height: 300, channels: 3, background: "#c03537" } })
      .png()
      .toBuffer();
    const { avatarUrl } = await setUserAvatar(user, png);
    expect(avatarUrl).toMatch(new RegExp(`^/api/files/avatars/users/${user.userId}/[0-9A-Z]{26}\\.webp$`));
    const key = avatarUrl!.replace("/api/files/", "");
    expect(await sharp((await fileStorage().get(key))!).metadata()).toMatchObject({ format: "webp", width: 256 });
    expect((await getMyAccount(user)).avatarUrl).toBe(avatarUrl);

    await expect(setUserAvatar(user, Buffer.from("<svg onload=alert(1)>"))).rejects.toMatchObject({
      code: ErrorCode.UNSUPPORTED_FILE,
    });
    expect((await getMyAccount(user)).avatarUrl).toBe(avatarUrl); // a refused file changes nothing

    await removeUserAvatar(user);
    expect((await getMyAccount(user)).avatarUrl).toBeNull();
    expect(
      await fileStorage()
        .get(key)
        .catch(() => null),
    ).toBeNull();
  });
});

describe("username and password", () => {
  it("changes the username under the sign-up rules; a taken one answers 6002003", async () => {
    const [ann, bob] = await Promise.all([makeUser("ann"), makeUser("bob")]);
    await expect(changeUsername(ann, { username: bob.username.toUpperCase() })).rejects.toMatchObject({
      code: ErrorCode.USERNAME_TAKEN,
      fieldErrors: { username: ["This username is taken."] },
    });
    await expect(changeUsername(ann, { username: "<b>x</b>" })).rejects.toThrow("letters, digits");
    const renamed = unique("ann_new").toLowerCase();
    await expect(changeUsername(ann, { username: renamed })).resolves.toMatchObject({ username: renamed });
    await expect(verifyCredentials({ username: renamed, password: PASSWORD })).resolves.toMatchObject({
      id: ann.userId,
    });
    await expect(verifyCredentials({ username: ann.username, password: PASSWORD })).rejects.toMatchObject({
      code: ErrorCode.BAD_CREDENTIALS,
    });
  });

  it("needs the current password, refuses a weak new one, and signs out every other session", async () => {
    const ann = await makeUser("ann");
    const [here, elsewhere] = [await openSession(ann.userId), await openSession(ann.userId)];
    const context = { clientIp: ip(), keepSessionId: here };
    await expect(
      changePassword(ann, { currentPassword: "wrong-pass-1", newPassword: "battery-staple-7" }, context),
    ).rejects.toMatchObject({
      code: ErrorCode.BAD_CREDENTIALS,
      fieldErrors: { currentPassword: ["Your current password is wrong."] },
    });
    await expect(changePassword(ann, { currentPassword: PASSWORD, newPassword: "short" }, context)).rejects.toThrow(
      "at least 8",
    );
    await expect(
      changePassword(ann, { currentPassword: PASSWORD, newPassword: `${ann.username}-9` }, context),
    ).rejects.toMatchObject({ code: ErrorCode.INVALID_INPUT });
    expect(await isSessionLive(elsewhere, ann.userId)).toBe(true); // nothing changed yet

    await expect(
      changePassword(ann, { currentPassword: PASSWORD, newPassword: "battery-staple-7" }, context),
    ).resolves.toEqual({ signedOut: 1 });
    expect(await isSessionLive(here, ann.userId)).toBe(true);
    expect(await isSessionLive(elsewhere, ann.userId)).toBe(false);
    await expect(verifyCredentials({ username: ann.username, password: "battery-staple-7" })).resolves.toBeTruthy();
    await expect(verifyCredentials({ username: ann.username, password: PASSWORD })).rejects.toMatchObject({
      code: ErrorCode.BAD_CREDENTIALS,
    });
  });

  it("guesses at the current password are throttled like sign-in attempts", async () => {
    const ann = await makeUser("ann");
    const context = { clientIp: ip(), keepSessionId: await openSession(ann.userId) };
    const guess = () =>
      changePassword(ann, { currentPassword: "wrong-pass-1", newPassword: "battery-staple-7" }, context);
    for (let i = 0; i < 5; i++) await expect(guess()).rejects.toMatchObject({ code: ErrorCode.BAD_CREDENTIALS });
    await expect(guess()).rejects.toMatchObject({ code: ErrorCode.RATE_LIMITED });
    // even the right password waits now
    await expect(
      changePassword(ann, { currentPassword: PASSWORD, newPassword: "battery-staple-7" }, context),
    ).rejects.toMatchObject({ code: ErrorCode.RATE_LIMITED });
  });
});

describe("sessions in user settings", () => {
  it("lists the user's own browsers, marks this one, and ends one or all the others", async () => {
    const [ann, bob] = await Promise.all([makeUser("ann"), makeUser("bob")]);
    const firefox = await openSession(
      ann.userId,
      "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0",
    );
    const phone = await openSession(
      ann.userId,
      "Mozilla/5.0 (Linux; Android 15) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0 Mobile Safari/537.36",
    );
    const third = await openSession(ann.userId, "curl/8");
    const bobs = await openSession(bob.userId);
    const listed = await listMySessions(ann, firefox);
    expect(listed.map((s) => s.id).sort()).toEqual([firefox, phone, third].sort());
    expect(listed.find((s) => s.id === firefox)).toMatchObject({ current: true, browser: "Firefox on Linux" });
    expect(listed.find((s) => s.id === phone)).toMatchObject({ current: false, browser: "Chrome on Android" });
    expect(listed.find((s) => s.id === third)?.browser).toBe("Unknown browser");

    expect(await endMySession(ann, { sessionId: bobs })).toEqual({ ended: false }); // another user's session
    expect(await isSessionLive(bobs, bob.userId)).toBe(true);
    expect(await endMySession(ann, { sessionId: third })).toEqual({ ended: true });
    expect(await endMyOtherSessions(ann, firefox)).toEqual({ ended: 1 });
    expect((await listMySessions(ann, firefox)).map((s) => s.id)).toEqual([firefox]);
  });
});

describe("privacy and notification defaults", () => {
  it("keeps who may message me, lists blocked people by name, and starts new memberships at my level", async () => {
    const ann = await makeUser("ann");
    const { owner, community } = await makeCommunity();
    await expect(updatePrivacy(ann, { dmPolicy: "NOBODY" })).resolves.toMatchObject({ dmPolicy: "NOBODY" });
    await expect(updatePrivacy(ann, { dmPolicy: "EVERYONE" as never })).rejects.toThrow("Choose who may message you.");

    await setBlocked(ann, { userId: owner.userId, blocked: true });
    expect(await listMyBlockedUsers(ann)).toEqual([
      expect.objectContaining({ id: owner.userId, displayName: "owner" }),
    ]);

    await setDefaultNotify(ann, { level: "MENTIONS" });
    await acceptInvite(ann, (await createInvite(owner, { communityId: community.id })).code);
    const { community: own } = await createCommunity(ann, { name: unique("Mine") });
    const levels = await db.member.findMany({
      where: { userId: ann.userId },
      select: { communityId: true, notify: true },
    });
    expect(levels.sort((a, b) => a.communityId.localeCompare(b.communityId))).toEqual(
      [
        { communityId: community.id, notify: "MENTIONS" },
        { communityId: own.id, notify: "MENTIONS" },
      ].sort((a, b) => a.communityId.localeCompare(b.communityId)),
    );
    await expect(setDefaultNotify(ann, { level: "LOUD" as never })).rejects.toThrow("Choose a notification level.");
  });
});

describe("deleting an account", () => {
  it("is refused while the user owns a community, and needs the password", async () => {
    const { owner, community, members } = await makeCommunity(1);
    await expect(deleteAccount(owner, { password: "wrong-pass-1" })).rejects.toMatchObject({
      code: ErrorCode.BAD_CREDENTIALS,
    });
    await expect(deleteAccount(owner, { password: PASSWORD })).rejects.toMatchObject({
      code: ErrorCode.ACCOUNT_OWNS_COMMUNITIES,
      message: "You own a community: transfer ownership or delete it first.",
    });
    await transferOwnership(owner, { communityId: community.id, userId: members[0].userId });
    await expect(deleteAccount(owner, { password: PASSWORD })).resolves.toBeUndefined();
  });

  it('ends memberships, keeps messages as "Deleted user", frees the username and forgets the profile', async () => {
    const { owner, community, generalChannelId } = await makeCommunity();
    const ann = await makeUser("ann");
    await acceptInvite(ann, (await createInvite(owner, { communityId: community.id })).code);
    await updateProfile(ann, { displayName: "Ann", pronouns: "she/her", aboutMe: "hello" });
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: "#000" } })
      .png()
      .toBuffer();
    const avatarKey = (await setUserAvatar(ann, png)).avatarUrl!.replace("/api/files/", "");
    const sent = await sendMessage(ann, { channelId: generalChannelId, content: "still here", nonce: nonce() });
    await setBlocked(owner, { userId: ann.userId, blocked: true });
    const session = await openSession(ann.userId);

    await deleteAccount(ann, { password: PASSWORD });

    const memberCount = (await db.community.findUniqueOrThrow({ where: { id: community.id } })).memberCount;
    expect(memberCount).toBe(1);
    expect(await db.member.count({ where: { userId: ann.userId } })).toBe(0);
    expect(await isSessionLive(session, ann.userId)).toBe(false);
    expect(await db.userBlock.count({ where: { blockedId: ann.userId } })).toBe(0);
    expect(
      await fileStorage()
        .get(avatarKey)
        .catch(() => null),
    ).toBeNull();
    const page = await listMessages(owner, { channelId: generalChannelId });
    const kept = page.messages.find((message) => message.id === sent.id);
    expect(kept).toMatchObject({ content: "still here", author: { id: ann.userId, displayName: "Deleted user" } });
    const row = await db.user.findUniqueOrThrow({ where: { id: ann.userId } });
    expect(row).toMatchObject({ aboutMe: "", pronouns: "", avatarPath: null });
    await expect(verifyCredentials({ username: ann.username, password: PASSWORD })).rejects.toMatchObject({
      code: ErrorCode.BAD_CREDENTIALS,
    });
    await expect(
      registerUser({ username: ann.username, displayName: "New Ann", password: PASSWORD }),
    ).resolves.toBeTruthy();
    await expect(getMyAccount(ann)).rejects.toMatchObject({ code: ErrorCode.USER_NOT_FOUND });
  });
});
