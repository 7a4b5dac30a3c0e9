import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { db } from "../db";
import { ErrorCode, toFailure } from "../errors";
import { unstorableTextMessage } from "../schemas/text";
import { nonce, unique } from "../testing/factories";
import { makeWorld, type World } from "../testing/world";
import { sendAttachment } from "./attachments";
import { readAttachment } from "../testing/reads";
import { listAuditLog } from "./audit";
import { setCommunityAvatar } from "./avatars";
import { setBlocked } from "./blocks";
import {
  createCategory,
  createChannel,
  deleteChannel,
  listChannelMembers,
  setChannelAttributes,
  updateChannel,
} from "./channels";
import {
  createCommunity,
  dismissCommunity,
  getCommunitySettings,
  getCommunityView,
  getGeneralChannelId,
  setCommunityAttributes,
  updateCommunity,
} from "./communities";
import { acceptInvite, createInvite, getInvitePreview, listInvites, revokeInvite } from "./invites";
import {
  decideJoinRequest,
  discoverCommunities,
  inviteUsers,
  joinOpenCommunity,
  listJoinRequests,
  requestToJoin,
} from "./joining";
import {
  banMember,
  kickMembers,
  leaveCommunity,
  listBans,
  listMembers,
  membersAmong,
  muteMember,
  setMemberRole,
  transferOwnership,
  unbanMember,
  unmuteMember,
} from "./members";
import { deleteMessage, editMessage, openChannel, listMessages, sendMessage } from "./messages";
import { listPins, pinMessage } from "./pins";
import { reactToMessage } from "./reactions";
import { markChannelRead, markCommunityRead, setNotifyLevel } from "./read-state";
import { searchMessages } from "./search";
import { createThread, followThread, getThread, listThreads, updateThread } from "./threads";
import { registerUser, verifyCredentials } from "./users";

const NUL = "\u0000";
const LONE = "\uD800";
const cursorOf = (parts: string[]) => Buffer.from(JSON.stringify(parts)).toString("base64url");

/** Every domain entry point a client reaches, each with one unstorable string in otherwise valid input. */
function hostileCalls(w: World, messageId: string): Array<[string, () => Promise<unknown>]> {
  const { owner, member, outsider } = w.actors;
  const { communityId, generalChannelId: channelId } = w;
  const userId = member.userId;
  return [
    ["send: NUL content", () => sendMessage(member, { channelId, content: `hi${NUL}there`, nonce: nonce() })],
    ["send: lone surrogate content", () => sendMessage(member, { channelId, content: `hi${LONE}`, nonce: nonce() })],
    ["send: NUL nonce", () => sendMessage(member, { channelId, content: "hi", nonce: `n${NUL}` })],
    [
      "send: NUL channel id",
      () => sendMessage(member, { channelId: `${channelId}${NUL}`, content: "hi", nonce: nonce() }),
    ],
    ["send: NUL reply id", () => sendMessage(member, { channelId, content: "hi", nonce: nonce(), replyToId: NUL })],
    ["edit: NUL content", () => editMessage(owner, { messageId, content: `x${NUL}` })],
    ["edit: NUL message id", () => editMessage(owner, { messageId: NUL, content: "x" })],
    ["delete: NUL message id", () => deleteMessage(owner, NUL)],
    ["react: NUL message id", () => reactToMessage(member, { messageId: NUL, emoji: "👍", add: true })],
    ["pin: NUL message id", () => pinMessage(owner, { messageId: NUL, pin: true })],
    ["history: NUL cursor id", () => listMessages(member, { channelId, before: NUL })],
    ["pins: NUL channel id", () => listPins(member, NUL)],
    ["channel page: NUL channel id", () => openChannel(member, { channelId: NUL })],
    [
      "attachment: NUL nonce",
      () => sendAttachment(member, { channelId, nonce: NUL }, { name: "a.txt", bytes: Buffer.from("hello") }),
    ],
    [
      "attachment: lone surrogate caption",
      () =>
        sendAttachment(
          member,
          { channelId, nonce: nonce(), caption: LONE },
          { name: "a.txt", bytes: Buffer.from("hello") },
        ),
    ],
    ["attachment read: NUL message id", () => readAttachment(member, NUL, "original")],
    ["community: lone surrogate name", () => createCommunity(outsider, { name: `Guild${LONE}` })],
    ["community: NUL notice", () => createCommunity(outsider, { name: unique("Guild"), notice: NUL })],
    ["community update: lone surrogate notice", () => updateCommunity(owner, { communityId, notice: LONE })],
    ["community update: NUL name", () => updateCommunity(owner, { communityId, name: NUL })],
    [
      "community attributes: lone surrogate key",
      () => setCommunityAttributes(owner, { communityId, set: { [`k${LONE}`]: "v" } }),
    ],
    ["community attributes: NUL value", () => setCommunityAttributes(owner, { communityId, set: { k: NUL } })],
    ["community attributes: NUL removal", () => setCommunityAttributes(owner, { communityId, remove: [NUL] })],
    ["community view: NUL id", () => getCommunityView(member, NUL)],
    ["community settings: NUL id", () => getCommunitySettings(member, NUL)],
    ["general channel: NUL id", () => getGeneralChannelId(member, NUL)],
    ["dismiss: NUL confirmation", () => dismissCommunity(owner, { communityId, confirmName: NUL })],
    ["avatar: NUL community id", () => setCommunityAvatar(owner, NUL, Buffer.from("x"))],
    ["channel: NUL name", () => createChannel(owner, { communityId, name: `a${NUL}` })],
    ["channel: lone surrogate topic", () => createChannel(owner, { communityId, name: unique("c"), topic: LONE })],
    ["channel update: NUL topic", () => updateChannel(owner, { channelId, topic: NUL })],
    ["channel attributes: NUL key", () => setChannelAttributes(owner, { channelId, set: { [NUL]: "v" } })],
    ["channel delete: NUL id", () => deleteChannel(owner, NUL)],
    ["channel members: NUL id", () => listChannelMembers(owner, NUL)],
    ["category: NUL name", () => createCategory(owner, { communityId, name: NUL })],
    ["kick: NUL reason", () => kickMembers(owner, { communityId, userIds: [userId], reason: NUL })],
    ["ban: lone surrogate reason", () => banMember(owner, { communityId, userId, reason: LONE })],
    ["mute: NUL reason", () => muteMember(owner, { communityId, userId, durationSeconds: 60, reason: NUL })],
    ["unmute: NUL user id", () => unmuteMember(owner, { communityId, userId: NUL })],
    ["unban: NUL user id", () => unbanMember(owner, { communityId, userId: NUL })],
    ["role: NUL user id", () => setMemberRole(owner, { communityId, userId: NUL, role: "ADMIN" })],
    ["transfer: NUL user id", () => transferOwnership(owner, { communityId, userId: NUL })],
    ["leave: NUL community id", () => leaveCommunity(member, NUL)],
    ["members: NUL query", () => listMembers(member, { communityId, query: NUL })],
    [
      "members: a cursor that decodes to NUL",
      () => listMembers(member, { communityId, cursor: cursorOf(["a", NUL, "c"]) }),
    ],
    ["presence: NUL user id", () => membersAmong(member, communityId, [NUL])],
    ["audit: NUL community id", () => listAuditLog(owner, NUL)],
    ["audit: NUL cursor", () => listAuditLog(owner, communityId, { cursor: NUL })],
    ["bans: NUL community id", () => listBans(owner, NUL)],
    [
      "bans: a cursor that decodes to NUL",
      () => listBans(owner, communityId, { cursor: cursorOf(["2024-01-01T00:00:00.000Z", NUL]) }),
    ],
    ["invite: NUL community id", () => createInvite(owner, { communityId: NUL })],
    ["invites: NUL community id", () => listInvites(owner, NUL)],
    ["invite revoke: NUL code", () => revokeInvite(owner, NUL)],
    ["invite preview: NUL code", () => getInvitePreview(`abc${NUL}`)],
    ["invite accept: lone surrogate code", () => acceptInvite(outsider, LONE)],
    ["invite users: NUL username", () => inviteUsers(owner, { communityId, usernames: [NUL] })],
    ["discover: NUL query", () => discoverCommunities(outsider, { query: NUL })],
    ["discover: NUL cursor", () => discoverCommunities(outsider, { cursor: NUL })],
    ["join open: NUL id", () => joinOpenCommunity(outsider, NUL)],
    ["join request: NUL message", () => requestToJoin(outsider, { communityId, message: NUL })],
    ["join requests: NUL community id", () => listJoinRequests(owner, NUL)],
    ["join decision: NUL request id", () => decideJoinRequest(owner, { requestId: NUL, accept: true })],
    ["block: NUL user id", () => setBlocked(member, { userId: NUL, blocked: true })],
    ["read: NUL message id", () => markChannelRead(member, { channelId, messageId: NUL })],
    ["read: NUL community id", () => markCommunityRead(member, NUL)],
    ["notify: NUL channel id", () => setNotifyLevel(member, { scope: "channel", channelId: NUL, notify: "ALL" })],
    ["search: NUL query", () => searchMessages(member, { communityId, query: NUL })],
    ["thread: NUL name", () => createThread(owner, { messageId, name: NUL })],
    ["thread: lone surrogate message id", () => createThread(owner, { messageId: LONE })],
    ["thread update: NUL id", () => updateThread(owner, { threadId: NUL, name: "x" })],
    ["thread: NUL id", () => getThread(member, NUL)],
    ["thread follow: NUL id", () => followThread(member, { threadId: NUL, follow: true })],
    ["threads: NUL cursor", () => listThreads(member, { channelId, cursor: NUL })],
    [
      "register: NUL display name",
      () =>
        registerUser({ username: unique("u").toLowerCase(), displayName: `Ada${NUL}`, password: "correct-horse-9" }),
    ],
    [
      "register: lone surrogate password",
      () =>
        registerUser({ username: unique("u").toLowerCase(), displayName: "Ada", password: `correct-horse-9${LONE}` }),
    ],
    ["sign in: NUL username", () => verifyCredentials({ username: NUL, password: "correct-horse-9" })],
  ];
}

describe("text the database cannot store (NUL, lone surrogates)", () => {
  let consoleError: MockInstance<typeof console.error>;
  beforeEach(() => {
    consoleError = vi.spyOn(console, "error");
  });
  afterEach(() => {
    // toFailure logs every error it does not know: none may reach it
    expect(consoleError.mock.calls.filter(([first]) => first === "[unexpected error]")).toEqual([]);
    consoleError.mockRestore();
  });

  it("is refused on every domain path as invalid input (6002001) with a sentence, never a server error", async () => {
    const w = await makeWorld();
    const message = await sendMessage(w.actors.owner, {
      channelId: w.generalChannelId,
      content: "hello",
      nonce: nonce(),
    });
    const before = await db.message.count({ where: { channelId: w.generalChannelId } });
    for (const [label, call] of hostileCalls(w, message.id)) {
      const failure = await call().then(
        () => null,
        (error: unknown) => toFailure(error),
      );
      expect(failure, label).toMatchObject({ ok: false, code: ErrorCode.INVALID_INPUT });
      expect(failure!.message, label).toMatch(/^[A-Z].+/);
    }
    expect(await db.message.count({ where: { channelId: w.generalChannelId } })).toBe(before);
  });

  it("names the field: a community name with a lone surrogate, a message with a NUL", async () => {
    const w = await makeWorld();
    const name = toFailure(await createCommunity(w.actors.outsider, { name: `Guild${LONE}` }).catch((error) => error));
    expect(name).toMatchObject({
      code: ErrorCode.INVALID_INPUT,
      message: unstorableTextMessage,
      fieldErrors: { name: [unstorableTextMessage] },
    });
    const sent = toFailure(
      await sendMessage(w.actors.member, { channelId: w.generalChannelId, content: NUL, nonce: nonce() }).catch(
        (error) => error,
      ),
    );
    expect(sent).toMatchObject({
      code: ErrorCode.INVALID_INPUT,
      message: unstorableTextMessage,
      fieldErrors: { content: [unstorableTextMessage] },
    });
    // nothing half-written: no community, no audit entry
    expect(await db.community.count({ where: { ownerId: w.actors.outsider.userId } })).toBe(0);
  });
});
