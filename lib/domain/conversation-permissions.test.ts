import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { db } from "../db";
import { ErrorCode as E, toFailure } from "../errors";
import { newId } from "../ids";
import { nonce, unique } from "../testing/factories";
import type { Actor } from "./actor";
import { openAttachment, sendAttachment } from "./attachments";
import { setConversationIcon } from "./avatars";
import { createCommunity } from "./communities";
import {
  addToConversation,
  getConversation,
  leaveConversation,
  openDirectConversation,
  removeFromConversation,
  renameConversation,
  startConversation,
} from "./conversations";
import { acceptInvite, createInvite } from "./invites";
import { deleteMessage, editMessage, listMessages, sendMessage } from "./messages";
import { pinMessage } from "./pins";
import { reactToMessage } from "./reactions";
import { markChannelRead } from "./read-state";
import { searchMessages } from "./search";

/**
 * Who may do what in a direct or group conversation: every action × actor runs in a fresh world
 * and must end exactly as the table says ("ok" or the SPEC code).
 */

type Outcome = "ok" | number;
const OK = "ok" as const;

async function quickUser(name: string): Promise<Actor> {
  const id = newId();
  await db.user.create({
    data: { id, username: unique(name).toLowerCase(), displayName: name, passwordHash: "not-a-hash" },
  });
  return { userId: id };
}

const tinyPng = () =>
  sharp({ create: { width: 8, height: 8, channels: 3, background: "#000" } })
    .png()
    .toBuffer();

const file = () => ({ name: "notes.txt", bytes: Buffer.from("a shared note") });

/**
 * A host community (the creator, the participants, someone later removed, an outsider, a
 * newcomer to add) and a stranger who shares nothing; a group conversation of the creator with
 * two participants and the removed one, who wrote in it before being removed; a message of each
 * participant and a file from the second.
 */
async function makeGroupWorld() {
  const creator = await quickUser("Creator");
  const { community } = await createCommunity(creator, { name: unique("Host") });
  const { code } = await createInvite(creator, { communityId: community.id });
  const join = async (name: string) => {
    const person = await quickUser(name);
    await acceptInvite(person, code);
    return person;
  };
  const participant = await join("Participant");
  const other = await join("Other");
  const removed = await join("Removed");
  const outsider = await join("Outsider");
  const newcomer = await join("Newcomer");
  const stranger = await quickUser("Stranger");
  const group = await startConversation(creator, {
    userIds: [participant.userId, other.userId, removed.userId],
    name: "Plans",
  });
  const channelId = group.channelId;
  const word = `marmot${nonce()}`;
  const say = (actor: Actor, content: string) => sendMessage(actor, { channelId, content, nonce: nonce() });
  const own = {
    creator: await say(creator, `creator ${word}`),
    participant: await say(participant, `participant ${word}`),
    removed: await say(removed, `removed ${word}`),
  };
  const others = await say(other, `other ${word}`);
  const attachment = await sendAttachment(other, { channelId, nonce: nonce() }, file());
  await removeFromConversation(creator, { conversationId: group.id, userId: removed.userId });
  return {
    group,
    channelId,
    word,
    own,
    othersMessageId: others.id,
    attachmentMessageId: attachment.id,
    people: { other, newcomer },
    actors: { creator, participant, removed, outsider, stranger },
  };
}
type GroupWorld = Awaited<ReturnType<typeof makeGroupWorld>>;
type GroupActor = keyof GroupWorld["actors"];

/** A direct conversation between two people of a community; an outsider of it and a stranger. */
async function makeDirectWorld() {
  const opener = await quickUser("Opener");
  const { community } = await createCommunity(opener, { name: unique("Host") });
  const { code } = await createInvite(opener, { communityId: community.id });
  const join = async (name: string) => {
    const person = await quickUser(name);
    await acceptInvite(person, code);
    return person;
  };
  const recipient = await join("Recipient");
  const outsider = await join("Outsider");
  const newcomer = await join("Newcomer");
  const stranger = await quickUser("Stranger");
  const direct = await openDirectConversation(opener, { userId: recipient.userId });
  const channelId = direct.channelId;
  const word = `otter${nonce()}`;
  const say = (actor: Actor, content: string) => sendMessage(actor, { channelId, content, nonce: nonce() });
  const own = { opener: await say(opener, `opener ${word}`), recipient: await say(recipient, `recipient ${word}`) };
  const attachment = await sendAttachment(recipient, { channelId, nonce: nonce() }, file());
  return {
    direct,
    channelId,
    word,
    own,
    attachmentMessageId: attachment.id,
    newcomer,
    actors: { opener, recipient, outsider, stranger },
  };
}
type DirectWorld = Awaited<ReturnType<typeof makeDirectWorld>>;
type DirectActor = keyof DirectWorld["actors"];

const NOT_IN = E.NOT_IN_COMMUNITY;
/** Everyone who is not in the conversation: refused as a non-member, the same answer for all. */
const outside = { removed: NOT_IN, outsider: NOT_IN, stranger: NOT_IN } as const;

type GroupAction = (actor: Actor, world: GroupWorld, kind: GroupActor) => Promise<unknown>;

const groupMatrix: Array<[string, GroupAction, Partial<Record<GroupActor, Outcome>>]> = [
  ["read history", (a, w) => listMessages(a, { channelId: w.channelId }), { creator: OK, participant: OK, ...outside }],
  [
    "read history around a message",
    (a, w) => listMessages(a, { channelId: w.channelId, around: w.othersMessageId }),
    { creator: OK, participant: OK, ...outside },
  ],
  ["open the conversation", (a, w) => getConversation(a, w.group.id), { creator: OK, participant: OK, ...outside }],
  [
    "send",
    (a, w) => sendMessage(a, { channelId: w.channelId, content: "hi", nonce: nonce() }),
    { creator: OK, participant: OK, ...outside },
  ],
  [
    "react",
    (a, w) => reactToMessage(a, { messageId: w.othersMessageId, emoji: "👍", add: true }),
    { creator: OK, participant: OK, ...outside },
  ],
  [
    "pin",
    (a, w) => pinMessage(a, { messageId: w.othersMessageId, pin: true }),
    { creator: OK, participant: OK, ...outside },
  ],
  [
    "edit another's message",
    (a, w) => editMessage(a, { messageId: w.othersMessageId, content: "rewritten" }),
    { creator: E.NO_PERMISSION, participant: E.NO_PERMISSION, ...outside },
  ],
  [
    "edit one's own message",
    (a, w, kind) => editMessage(a, { messageId: w.own[kind as "creator"].id, content: "fixed" }),
    { creator: OK, participant: OK, removed: NOT_IN },
  ],
  [
    "delete another's message",
    (a, w) => deleteMessage(a, w.othersMessageId),
    { creator: E.NO_PERMISSION, participant: E.NO_PERMISSION, ...outside },
  ],
  [
    "delete one's own message",
    (a, w, kind) => deleteMessage(a, w.own[kind as "creator"].id),
    { creator: OK, participant: OK, removed: NOT_IN },
  ],
  [
    "add someone",
    (a, w) => addToConversation(a, { conversationId: w.group.id, userIds: [w.people.newcomer.userId] }),
    { creator: OK, participant: E.NO_PERMISSION, ...outside },
  ],
  [
    "remove someone",
    (a, w) => removeFromConversation(a, { conversationId: w.group.id, userId: w.people.other.userId }),
    { creator: OK, participant: E.NO_PERMISSION, ...outside },
  ],
  [
    "remove oneself",
    (a, w) => removeFromConversation(a, { conversationId: w.group.id, userId: a.userId }),
    { creator: E.CANNOT_KICK_SELF, participant: E.NO_PERMISSION, ...outside },
  ],
  [
    "rename",
    (a, w) => renameConversation(a, { conversationId: w.group.id, name: "Renamed" }),
    { creator: OK, participant: OK, ...outside },
  ],
  [
    "set the icon",
    async (a, w) => setConversationIcon(a, w.group.id, await tinyPng()),
    { creator: OK, participant: OK, ...outside },
  ],
  [
    "leave",
    (a, w) => leaveConversation(a, { conversationId: w.group.id }),
    { creator: OK, participant: OK, ...outside },
  ],
  [
    "mark read",
    (a, w) => markChannelRead(a, { channelId: w.channelId, messageId: w.othersMessageId }),
    { creator: OK, participant: OK, ...outside },
  ],
  [
    "search",
    (a, w) => searchMessages(a, { communityId: w.group.id, query: w.word }),
    { creator: OK, participant: OK, ...outside },
  ],
  [
    "search in its channel",
    (a, w) => searchMessages(a, { communityId: w.group.id, query: w.word, channelId: w.channelId }),
    { creator: OK, participant: OK, ...outside },
  ],
  [
    "upload an attachment",
    (a, w) => sendAttachment(a, { channelId: w.channelId, nonce: nonce() }, file()),
    { creator: OK, participant: OK, ...outside },
  ],
  [
    "open an attachment",
    (a, w) => openAttachment(a, w.attachmentMessageId, "original"),
    { creator: OK, participant: OK, ...outside },
  ],
];

type DirectAction = (actor: Actor, world: DirectWorld, kind: DirectActor) => Promise<unknown>;
const away = { outsider: NOT_IN, stranger: NOT_IN } as const;
const NOT_A_GROUP = E.NOT_A_GROUP;

const directMatrix: Array<[string, DirectAction, Partial<Record<DirectActor, Outcome>>]> = [
  ["read history", (a, w) => listMessages(a, { channelId: w.channelId }), { opener: OK, recipient: OK, ...away }],
  ["open the conversation", (a, w) => getConversation(a, w.direct.id), { opener: OK, recipient: OK, ...away }],
  [
    "send",
    (a, w) => sendMessage(a, { channelId: w.channelId, content: "hi", nonce: nonce() }),
    { opener: OK, recipient: OK, ...away },
  ],
  [
    "react",
    (a, w) => reactToMessage(a, { messageId: w.own.opener.id, emoji: "🎉", add: true }),
    { opener: OK, recipient: OK, ...away },
  ],
  ["pin", (a, w) => pinMessage(a, { messageId: w.own.opener.id, pin: true }), { opener: OK, recipient: OK, ...away }],
  [
    "edit the other's message",
    (a, w, kind) => editMessage(a, { messageId: w.own[kind === "opener" ? "recipient" : "opener"].id, content: "x" }),
    { opener: E.NO_PERMISSION, recipient: E.NO_PERMISSION, ...away },
  ],
  [
    "delete the other's message",
    (a, w, kind) => deleteMessage(a, w.own[kind === "opener" ? "recipient" : "opener"].id),
    { opener: E.NO_PERMISSION, recipient: E.NO_PERMISSION, ...away },
  ],
  [
    "delete one's own message",
    (a, w, kind) => deleteMessage(a, w.own[kind as "opener"].id),
    { opener: OK, recipient: OK },
  ],
  [
    "add someone",
    (a, w) => addToConversation(a, { conversationId: w.direct.id, userIds: [w.newcomer.userId] }),
    { opener: NOT_A_GROUP, recipient: NOT_A_GROUP, ...away },
  ],
  [
    "remove the other",
    (a, w) =>
      removeFromConversation(a, {
        conversationId: w.direct.id,
        userId: (a.userId === w.actors.opener.userId ? w.actors.recipient : w.actors.opener).userId,
      }),
    { opener: NOT_A_GROUP, recipient: NOT_A_GROUP, ...away },
  ],
  [
    "rename",
    (a, w) => renameConversation(a, { conversationId: w.direct.id, name: "Us" }),
    { opener: NOT_A_GROUP, recipient: NOT_A_GROUP, ...away },
  ],
  [
    "set the icon",
    async (a, w) => setConversationIcon(a, w.direct.id, await tinyPng()),
    { opener: NOT_A_GROUP, recipient: NOT_A_GROUP, ...away },
  ],
  [
    "leave",
    (a, w) => leaveConversation(a, { conversationId: w.direct.id }),
    { opener: NOT_A_GROUP, recipient: NOT_A_GROUP, ...away },
  ],
  [
    "mark read",
    (a, w) => markChannelRead(a, { channelId: w.channelId, messageId: w.own.recipient.id }),
    { opener: OK, recipient: OK, ...away },
  ],
  [
    "search",
    (a, w) => searchMessages(a, { communityId: w.direct.id, query: w.word }),
    { opener: OK, recipient: OK, ...away },
  ],
  [
    "upload an attachment",
    (a, w) => sendAttachment(a, { channelId: w.channelId, nonce: nonce() }, file()),
    { opener: OK, recipient: OK, ...away },
  ],
  [
    "open an attachment",
    (a, w) => openAttachment(a, w.attachmentMessageId, "original"),
    { opener: OK, recipient: OK, ...away },
  ],
];

async function outcomeOf(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    await run();
    return OK;
  } catch (error) {
    const failure = toFailure(error);
    if (failure.code === E.SERVER) throw error;
    return failure.code;
  }
}

const cellsOf = <K extends string, A>(matrix: Array<[string, A, Partial<Record<K, Outcome>>]>) =>
  matrix.flatMap(([name, action, expected]) =>
    Object.entries(expected).map(([kind, outcome]) => ({ name, action, kind: kind as K, outcome })),
  );

describe("conversation permission matrix: a group", () => {
  it.each(cellsOf(groupMatrix))("$name as $kind → $outcome", async ({ action, kind, outcome }) => {
    const world = await makeGroupWorld();
    expect(await outcomeOf(() => action(world.actors[kind], world, kind))).toBe(outcome);
  });
});

describe("conversation permission matrix: a direct conversation", () => {
  it.each(cellsOf(directMatrix))("$name as $kind → $outcome", async ({ action, kind, outcome }) => {
    const world = await makeDirectWorld();
    expect(await outcomeOf(() => action(world.actors[kind], world, kind))).toBe(outcome);
  });
});

describe("what the matrix's refusals leave behind", () => {
  it("a refused attachment read answers no file details; a refused search finds nothing", async () => {
    const world = await makeGroupWorld();
    for (const kind of ["removed", "outsider", "stranger"] as const) {
      const actor = world.actors[kind];
      const opened = await openAttachment(actor, world.attachmentMessageId, "original").then(
        (value) => value,
        (error) => toFailure(error),
      );
      expect(opened).toEqual({ ok: false, code: NOT_IN, message: expect.any(String) });
      expect(JSON.stringify(opened)).not.toContain("notes.txt");
    }
    // the removed participant's own messages stay in the history the others read
    const history = await listMessages(world.actors.participant, { channelId: world.channelId });
    expect(history.messages.map((m) => m.id)).toContain(world.own.removed.id);
  });
});
