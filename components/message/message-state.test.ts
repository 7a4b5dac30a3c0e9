import { describe, expect, test } from "vitest";
import type { MessageDTO, ReactionChange, ThreadDTO, UserSummary } from "@/lib/dto";
import type { OutboxEntry } from "./outbox";
import { WAITING_FOR_CONNECTION } from "./outbox-sender";
import {
  appendShells,
  applyReaction,
  initialMessageList,
  messageListReducer,
  newestStored,
  oldestStored,
  outboxShell,
  ownNonces,
  pendingMessage,
  pendingUpload,
  reconcileOutbox,
  START_INDEX,
  type ClientMessage,
  type MessageListAction,
  type MessageListState,
} from "./message-state";

const me: UserSummary = { id: "u-me", username: "me", displayName: "Me" };
const other: UserSummary = { id: "u-other", username: "other", displayName: "Other" };
const CHANNEL = "c1";
const AT = "2030-01-02T03:04:05.000Z";

function stored(id: string, overrides: Partial<MessageDTO> = {}): MessageDTO {
  return {
    id,
    channelId: CHANNEL,
    type: "TEXT",
    content: `message ${id}`,
    createdAt: AT,
    editedAt: null,
    nonce: null,
    author: other,
    removed: false,
    replyTo: null,
    mentions: [],
    mentionsEveryone: false,
    pinned: false,
    attachment: null,
    reactions: [],
    system: null,
    thread: null,
    ...overrides,
  };
}

const shell = (nonce: string, content = `text ${nonce}`) =>
  pendingMessage({ channelId: CHANNEL, author: me, nonce, content, replyTo: null, createdAt: AT });

function listOf(messages: ClientMessage[], more: Partial<MessageListState> = {}): MessageListState {
  return { ...initialMessageList({ messages, hasOlder: false, hasNewer: false }), ...more };
}

const run = (state: MessageListState, ...actions: MessageListAction[]) => actions.reduce(messageListReducer, state);
const ids = (state: MessageListState) => state.messages.map((m) => m.id);

describe("the initial window", () => {
  test("holds the page, with Virtuoso's first index below the start by its length", () => {
    const state = initialMessageList({ messages: [stored("01"), stored("02")], hasOlder: true, hasNewer: false });
    expect(state).toMatchObject({ hasOlder: true, hasNewer: false, firstItemIndex: START_INDEX - 2, windowKey: 0 });
    expect(ids(state)).toEqual(["01", "02"]);
  });
});

describe("stored messages (live, acks, pages): upsert by id or nonce", () => {
  test("a live message joins in id order, after older ones and before shells", () => {
    const state = run(listOf([stored("01"), stored("03"), shell("n1")]), { type: "stored", messages: [stored("02")] });
    expect(ids(state)).toEqual(["01", "02", "03", "pending-n1"]);
  });

  test("the same message arriving twice (live and in a catch-up page) shows once", () => {
    const state = run(
      listOf([stored("01")]),
      { type: "stored", messages: [stored("02")] },
      { type: "stored", messages: [stored("02"), stored("03")] },
    );
    expect(ids(state)).toEqual(["01", "02", "03"]);
  });

  test("one's own stored message replaces its pending shell, matched by nonce", () => {
    const state = run(listOf([stored("01"), shell("n1"), shell("n2")]), {
      type: "stored",
      messages: [stored("05", { nonce: "n1", author: me, content: "text n1" })],
    });
    expect(ids(state)).toEqual(["01", "05", "pending-n2"]);
    expect(state.messages[1].status).toBeUndefined();
  });

  test("a failed shell is replaced too when its message turns out stored", () => {
    const failed = { ...shell("n1"), status: "failed" as const, error: "No answer" };
    const state = run(listOf([failed]), { type: "stored", messages: [stored("05", { nonce: "n1", author: me })] });
    expect(state.messages).toHaveLength(1);
    expect(state.messages[0]).not.toHaveProperty("error");
  });

  test("a message shown already keeps its reactions (they come from events only)", () => {
    const reactions = [{ emoji: "👍", count: 2, me: false, users: [other] }];
    const state = run(listOf([stored("01", { reactions })]), {
      type: "stored",
      messages: [stored("01", { content: "again" })],
    });
    expect(state.messages[0]).toMatchObject({ content: "again", reactions });
  });
});

describe("edits and deletions", () => {
  test("an edit replaces the message and keeps its reactions", () => {
    const reactions = [{ emoji: "🎉", count: 1, me: true, users: [me] }];
    const state = run(listOf([stored("01", { reactions })]), {
      type: "updated",
      message: stored("01", { content: "edited", editedAt: AT }),
    });
    expect(state.messages[0]).toMatchObject({ content: "edited", editedAt: AT, reactions });
  });

  test("a removal by a moderator clears the reactions", () => {
    const reactions = [{ emoji: "🎉", count: 1, me: true, users: [me] }];
    const state = run(listOf([stored("01", { reactions })]), {
      type: "updated",
      message: stored("01", { content: "", removed: true }),
    });
    expect(state.messages[0]).toMatchObject({ removed: true, reactions: [] });
  });

  test("an edit of a message not in the window changes nothing (the same state)", () => {
    const state = listOf([stored("01")]);
    expect(messageListReducer(state, { type: "updated", message: stored("09") })).toBe(state);
  });

  test("a deleted message leaves, and replies quoting it show the original as unavailable", () => {
    const quote = { id: "01", author: other, type: "TEXT" as const, content: "original", unavailable: false };
    const state = run(listOf([stored("01"), stored("02", { replyTo: quote }), stored("03")]), {
      type: "deleted",
      messageId: "01",
    });
    expect(ids(state)).toEqual(["02", "03"]);
    expect(state.messages[0].replyTo).toEqual({ ...quote, content: "", unavailable: true });
  });
});

describe("reactions", () => {
  const change = (overrides: Partial<ReactionChange>): ReactionChange => ({
    channelId: CHANNEL,
    messageId: "01",
    emoji: "👍",
    user: other,
    added: true,
    ...overrides,
  });

  test("a first reaction adds the emoji; one's own is marked as mine", () => {
    const theirs = applyReaction(shell("x"), change({}), me.id);
    expect(theirs.reactions).toEqual([{ emoji: "👍", count: 1, me: false, users: [other] }]);
    const mine = applyReaction(shell("x"), change({ user: me }), me.id);
    expect(mine.reactions[0].me).toBe(true);
  });

  test("more reactions count up, and the list of who reacted keeps ten at most, each once", () => {
    let message: ClientMessage = stored("01");
    for (let i = 0; i < 12; i++)
      message = applyReaction(message, change({ user: { id: `u${i}`, displayName: `U${i}` } }), me.id);
    expect(message.reactions[0].count).toBe(12);
    expect(message.reactions[0].users).toHaveLength(10);
    const again = applyReaction(message, change({ user: { id: "u0", displayName: "U0" } }), me.id);
    expect(again.reactions[0].users.filter((u) => u.id === "u0")).toHaveLength(1);
  });

  test("taking one back counts down; the last one removes the emoji", () => {
    const start = stored("01", { reactions: [{ emoji: "👍", count: 2, me: true, users: [me, other] }] });
    const one = applyReaction(start, change({ user: me, added: false }), me.id);
    expect(one.reactions).toEqual([{ emoji: "👍", count: 1, me: false, users: [other] }]);
    expect(applyReaction(one, change({ added: false }), me.id).reactions).toEqual([]);
  });

  test("the reducer applies a reaction to its message only", () => {
    const state = run(listOf([stored("01"), stored("02")]), {
      type: "reaction",
      change: change({ messageId: "02" }),
      meId: me.id,
    });
    expect(state.messages[0].reactions).toEqual([]);
    expect(state.messages[1].reactions).toHaveLength(1);
  });
});

describe("pins and threads", () => {
  test("a pin and an unpin mark the message", () => {
    const pinned = run(listOf([stored("01"), stored("02")]), { type: "pinned", messageId: "02", pinned: true });
    expect(pinned.messages.map((m) => m.pinned)).toEqual([false, true]);
    expect(run(pinned, { type: "pinned", messageId: "02", pinned: false }).messages[1].pinned).toBe(false);
  });

  test("a thread shows under the message it was opened from", () => {
    const thread = { id: "t1", starterMessageId: "02", parentId: CHANNEL, name: "Talk" } as ThreadDTO;
    const state = run(listOf([stored("01"), stored("02")]), { type: "thread", thread });
    expect(state.messages.map((m) => m.thread?.id ?? null)).toEqual([null, "t1"]);
  });
});

describe("the optimistic shell", () => {
  test("is a whole MessageDTO: the same fields as a stored message, with a placeholder id and pending", () => {
    const message = pendingMessage({
      channelId: CHANNEL,
      author: me,
      nonce: "n1",
      content: "hi",
      replyTo: null,
      createdAt: AT,
    });
    const { status, ...dto } = message;
    expect(status).toBe("pending");
    expect(Object.keys(dto).sort()).toEqual(Object.keys(stored("01")).sort());
    expect(dto).toMatchObject({
      id: "pending-n1",
      nonce: "n1",
      content: "hi",
      author: me,
      type: "TEXT",
      createdAt: AT,
      reactions: [],
      attachment: null,
    });
  });

  test("a send is shown at once, after everything", () => {
    const state = run(listOf([stored("01")]), { type: "pending", shell: shell("n1") });
    expect(ids(state)).toEqual(["01", "pending-n1"]);
  });

  test("an upload's shell carries the file as the browser knows it, and progress", () => {
    const file = new Blob(["12345"], { type: "audio/webm" });
    const voice = pendingUpload(
      CHANNEL,
      me,
      "n2",
      { file, fileName: "voice.webm", kind: "voice", durationMs: 1500, caption: "listen" },
      null,
    );
    expect(voice).toMatchObject({ type: "VOICE", content: "listen", progress: 0, status: "pending" });
    expect(voice.attachment).toEqual({
      url: "",
      thumbnailUrl: null,
      fileName: "voice.webm",
      mimeType: "audio/webm",
      size: 5,
      width: null,
      height: null,
      durationMs: 1500,
    });
    expect(pendingUpload(CHANNEL, me, "n3", { file, fileName: "a.bin", kind: "file", caption: "" }, null).type).toBe(
      "FILE",
    );
  });

  test("an outbox entry's shell keeps its time, status and error", () => {
    const entry: OutboxEntry = {
      nonce: "n4",
      content: "queued",
      replyTo: null,
      createdAt: AT,
      order: 0,
      status: "failed",
      error: "Muted.",
    };
    expect(outboxShell(CHANNEL, me, entry)).toMatchObject({
      id: "pending-n4",
      createdAt: AT,
      status: "failed",
      error: "Muted.",
      content: "queued",
    });
  });

  test("progress moves a pending upload only", () => {
    const failed = { ...shell("n2"), status: "failed" as const };
    const state = run(
      listOf([shell("n1"), failed]),
      { type: "progress", nonce: "n1", progress: 0.5 },
      { type: "progress", nonce: "n2", progress: 0.5 },
    );
    expect(state.messages.map((m) => m.progress)).toEqual([0.5, undefined]);
  });

  test("a failure marks the shell failed with its reason, ending progress and the wait", () => {
    const waiting = { ...shell("n1"), progress: 0.3, pendingReason: WAITING_FOR_CONNECTION };
    const state = run(listOf([waiting]), { type: "failed", nonce: "n1", error: "Too long." });
    expect(state.messages[0]).toMatchObject({
      status: "failed",
      error: "Too long.",
      progress: undefined,
      pendingReason: undefined,
    });
  });

  test("a patch or a discard touches the shell, never a stored message with the same nonce", () => {
    const mine = stored("01", { nonce: "n1", author: me });
    const state = run(listOf([mine, shell("n1")]), {
      type: "patchShell",
      nonce: "n1",
      patch: { pendingReason: "Slowmode: 3 seconds" },
    });
    expect(state.messages[0]).toBe(mine);
    expect(state.messages[1].pendingReason).toBe("Slowmode: 3 seconds");
    expect(run(state, { type: "discarded", nonce: "n1" }).messages).toEqual([mine]);
  });
});

describe("paging", () => {
  test("an older page goes in front and moves the first index down by its length", () => {
    const start = listOf([stored("05"), stored("06")], { hasOlder: true });
    const state = run(start, {
      type: "olderPage",
      page: { messages: [stored("03"), stored("04")], hasOlder: false, hasNewer: false },
    });
    expect(ids(state)).toEqual(["03", "04", "05", "06"]);
    expect(state.firstItemIndex).toBe(start.firstItemIndex - 2);
    expect(state.hasOlder).toBe(false);
  });

  test("a newer page is merged after, shells staying last, and says whether more follow", () => {
    const start = listOf([stored("01"), shell("n1")], { hasNewer: true });
    const state = run(start, {
      type: "newerPage",
      page: { messages: [stored("02"), stored("03")], hasOlder: true, hasNewer: false },
    });
    expect(ids(state)).toEqual(["01", "02", "03", "pending-n1"]);
    expect(state).toMatchObject({ hasNewer: false, firstItemIndex: start.firstItemIndex });
  });

  test("a catch-up that could not reach the present leaves the rest to paging down", () => {
    expect(run(listOf([stored("01")]), { type: "gap" }).hasNewer).toBe(true);
  });

  test("a jump replaces the window: stored messages go, shells stay after the page, new outbox shells join once", () => {
    const start = listOf([stored("01"), stored("02"), shell("n1")], { windowKey: 3 });
    const state = run(start, {
      type: "window",
      page: { messages: [stored("40"), stored("41"), stored("42")], hasOlder: true, hasNewer: true },
      shells: [shell("n1"), shell("n2")],
    });
    expect(ids(state)).toEqual(["40", "41", "42", "pending-n1", "pending-n2"]);
    expect(state).toMatchObject({ hasOlder: true, hasNewer: true, firstItemIndex: START_INDEX - 3, windowKey: 4 });
  });
});

describe("the connection", () => {
  test("lost: queued text sends say they wait for it; uploads and failed sends do not", () => {
    const upload = { ...shell("n2"), type: "FILE" as const };
    const failed = { ...shell("n3"), status: "failed" as const };
    const state = run(listOf([stored("01"), shell("n1"), upload, failed]), { type: "connection", connected: false });
    expect(state.messages.map((m) => m.pendingReason)).toEqual([
      undefined,
      WAITING_FOR_CONNECTION,
      undefined,
      undefined,
    ]);
  });

  test("back: the wait for it is over, other reasons stay", () => {
    const waiting = { ...shell("n1"), pendingReason: WAITING_FOR_CONNECTION };
    const slowed = { ...shell("n2"), pendingReason: "Slowmode: wait 5 seconds" };
    const state = run(listOf([waiting, slowed]), { type: "connection", connected: true });
    expect(state.messages.map((m) => m.pendingReason)).toEqual([undefined, "Slowmode: wait 5 seconds"]);
  });

  test("nothing to change: the same state (no render)", () => {
    const state = listOf([stored("01")]);
    expect(messageListReducer(state, { type: "connection", connected: false })).toBe(state);
  });
});

describe("the outbox against the list", () => {
  const entry = (nonce: string, status: OutboxEntry["status"] = "pending"): OutboxEntry => ({
    nonce,
    content: `text ${nonce}`,
    replyTo: null,
    createdAt: AT,
    order: 0,
    status,
  });

  test("entries shown stored are done; entries not shown get a shell; entries shown as shells are left", () => {
    const shown = [stored("01", { nonce: "n1", author: me }), shell("n2")];
    const { done, shells } = reconcileOutbox([entry("n1"), entry("n2"), entry("n3", "failed")], shown, CHANNEL, me);
    expect(done).toEqual(["n1"]);
    expect(shells.map((m) => [m.id, m.status])).toEqual([["pending-n3", "failed"]]);
  });

  test("a stored message of someone else with the same nonce does not end one's entry", () => {
    const { done } = reconcileOutbox([entry("n1")], [stored("01", { nonce: "n1", author: other })], CHANNEL, me);
    expect(done).toEqual([]);
  });

  test("appendShells adds each nonce once and keeps the array when nothing is new", () => {
    const current = [stored("01"), shell("n1")];
    expect(appendShells(current, [shell("n1")])).toBe(current);
    expect(appendShells(current, [shell("n1"), shell("n2")]).map((m) => m.id)).toEqual([
      "01",
      "pending-n1",
      "pending-n2",
    ]);
  });

  test("ownNonces names one's own stored sends", () => {
    expect(
      ownNonces(
        [stored("01", { nonce: "a", author: me }), stored("02", { nonce: "b" }), stored("03", { author: me })],
        me.id,
      ),
    ).toEqual(["a"]);
  });

  test("paging cursors skip shells", () => {
    const messages = [shell("n0"), stored("01"), stored("02"), shell("n1")];
    expect(oldestStored(messages)?.id).toBe("01");
    expect(newestStored(messages)?.id).toBe("02");
    expect(newestStored([shell("n1")])).toBeUndefined();
  });
});
