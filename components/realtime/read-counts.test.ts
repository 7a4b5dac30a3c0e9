import { describe, expect, test } from "vitest";
import type { ChannelActivity, ChannelReadState, CommunityReadState, MessageDTO } from "@/lib/dto";
import {
  addChannel,
  alertDecision,
  applyActivities,
  applyActivity,
  applyLiveMessage,
  applyMention,
  applyNotify,
  applyReadStates,
  behindStored,
  channelReadView,
  clearIfWatched,
  communityBadge,
  followedThreads,
  notifyPayload,
  openingState,
  refetchedCommunities,
  removeChannel,
  removeCommunity,
  renameThread,
  titleWithCount,
  toCommunities,
  totalBadge,
  withBlocked,
  type Communities,
  type Reader,
} from "./read-counts";

const ME = "u-me";
const reader = (overrides: Partial<Reader> = {}): Reader => ({
  id: ME,
  username: "me",
  blocked: new Set(),
  watched: () => false,
  readUpTo: () => "",
  views: () => false,
  ...overrides,
});

function channel(channelId: string, overrides: Partial<ChannelReadState> = {}): ChannelReadState {
  return {
    channelId,
    communityId: "k1",
    parentId: null,
    threadName: null,
    lastReadId: "m10",
    firstUnreadId: null,
    unread: 0,
    mentions: 0,
    notify: null,
    ...overrides,
  };
}

function community(channels: ChannelReadState[], overrides: Partial<CommunityReadState> = {}): CommunityReadState {
  return { communityId: "k1", notify: "ALL", channels, ...overrides };
}

const activity = (overrides: Partial<ChannelActivity>): ChannelActivity => ({
  communityId: "k1",
  channelId: "general",
  parentId: null,
  messageId: "m20",
  authorId: "u-other",
  kind: "new",
  mentionIds: [],
  mentionsEveryone: false,
  ...overrides,
});

const stateOf = (communities: Communities, channelId: string, communityId = "k1") =>
  communities.get(communityId)?.channels.get(channelId);

describe("activity in channels the reader is not viewing", () => {
  const start = toCommunities([community([channel("general"), channel("random")])]);

  test("a new message counts unread and becomes the first unread", () => {
    const next = applyActivity(start, activity({}), reader());
    expect(stateOf(next, "general")).toMatchObject({ unread: 1, mentions: 0, firstUnreadId: "m20" });
    const again = applyActivity(next, activity({ messageId: "m21" }), reader());
    expect(stateOf(again, "general")).toMatchObject({ unread: 2, firstUnreadId: "m20" });
    expect(stateOf(again, "random")).toBe(stateOf(start, "random"));
  });

  test("a mention of the reader (or of everyone) counts as a mention too", () => {
    const named = applyActivity(start, activity({ mentionIds: [ME] }), reader());
    const everyone = applyActivity(named, activity({ messageId: "m21", mentionsEveryone: true }), reader());
    expect(stateOf(everyone, "general")).toMatchObject({ unread: 2, mentions: 2 });
  });

  test("a message that goes takes its counts with it; the last one clears the first unread", () => {
    const counted = applyActivity(start, activity({ mentionIds: [ME] }), reader());
    const gone = applyActivity(counted, activity({ kind: "gone", mentionIds: [ME] }), reader());
    expect(stateOf(gone, "general")).toMatchObject({ unread: 0, mentions: 0, firstUnreadId: null });
  });

  test("counts never go below zero", () => {
    const gone = applyActivity(start, activity({ kind: "gone", mentionIds: [ME] }), reader());
    expect(stateOf(gone, "general")).toMatchObject({ unread: 0, mentions: 0 });
  });

  test("an edit that adds or drops a mention moves the mentions only", () => {
    const added = applyActivity(
      start,
      activity({ kind: "edited", mentionIds: [ME], before: { mentionIds: [], mentionsEveryone: false } }),
      reader(),
    );
    expect(stateOf(added, "general")).toMatchObject({ unread: 0, mentions: 1 });
    const dropped = applyActivity(
      added,
      activity({ kind: "edited", mentionIds: [], before: { mentionIds: [ME], mentionsEveryone: false } }),
      reader(),
    );
    expect(stateOf(dropped, "general")).toMatchObject({ mentions: 0 });
  });

  test("nothing counts: one's own messages, messages already read, blocked authors, a watched channel, unknown channels", () => {
    expect(applyActivity(start, activity({ authorId: ME }), reader())).toBe(start);
    expect(applyActivity(start, activity({ messageId: "m05" }), reader())).toBe(start);
    expect(applyActivity(start, activity({}), reader({ blocked: new Set(["u-other"]) }))).toBe(start);
    expect(applyActivity(start, activity({}), reader({ watched: (id) => id === "general" }))).toBe(start);
    expect(applyActivity(start, activity({ channelId: "secret" }), reader())).toBe(start);
    expect(applyActivity(start, activity({ communityId: "k-unknown" }), reader())).toBe(start);
  });

  test("a message this tab has read but not yet marked (the mark waits a few seconds) counts nothing when edited", () => {
    const readHere = reader({ readUpTo: (id) => (id === "general" ? "m20" : "") });
    const edited = activity({ kind: "edited", mentionIds: [ME], before: { mentionIds: [], mentionsEveryone: false } });
    expect(applyActivity(start, edited, readHere)).toBe(start);
    expect(applyActivity(start, activity({ messageId: "m21", kind: "edited", mentionIds: [ME] }), readHere)).not.toBe(
      start,
    );
  });

  test("a watched channel still loses a message that goes", () => {
    const counted = toCommunities([community([channel("general", { unread: 1, firstUnreadId: "m20" })])]);
    const gone = applyActivity(counted, activity({ kind: "gone" }), reader({ watched: () => true }));
    expect(stateOf(gone, "general")).toMatchObject({ unread: 0, firstUnreadId: null });
  });
});

describe("live messages in channels the reader views", () => {
  const start = toCommunities([
    community([channel("general")]),
    community([channel("other-place")], { communityId: "k2" }),
  ]);
  const message = (overrides: Partial<MessageDTO>) =>
    ({
      id: "m20",
      channelId: "general",
      author: { id: "u-other", username: "other", displayName: "Other" },
      mentions: [],
      mentionsEveryone: false,
      ...overrides,
    }) as MessageDTO;

  test("count in the channel's community; a mention by username counts as a mention", () => {
    const next = applyLiveMessage(start, message({ mentions: ["me"] }), reader());
    expect(stateOf(next, "general")).toMatchObject({ unread: 1, mentions: 1, firstUnreadId: "m20" });
  });

  test("not counted while the reader watches them land, from a blocked author, or by oneself", () => {
    expect(applyLiveMessage(start, message({}), reader({ watched: () => true }))).toBe(start);
    expect(applyLiveMessage(start, message({}), reader({ blocked: new Set(["u-other"]) }))).toBe(start);
    expect(applyLiveMessage(start, message({ author: { id: ME, username: "me", displayName: "Me" } }), reader())).toBe(
      start,
    );
    expect(applyLiveMessage(start, message({ channelId: "nowhere" }), reader())).toBe(start);
  });
});

describe("new messages in batches, mentions alone", () => {
  const start = toCommunities([community([channel("general"), channel("random")], { countedTo: "m15" })]);
  const batch = (channelId: string, messages: [string, string, 0 | 1][]) => ({
    communityId: "k1",
    channels: [{ channelId, parentId: null, messages }],
  });

  test("a batch counts others' messages in order; the reader's own, blocked authors' and those already counted are not", () => {
    const next = applyActivities(
      start,
      batch("general", [
        ["m14", "u-other", 0], // below countedTo: in the counts the server gave
        ["m16", "u-other", 0],
        ["m17", ME, 0],
        ["m18", "u-blocked", 0],
        ["m19", "u-other", 1],
      ]),
      reader({ blocked: new Set(["u-blocked"]) }),
    );
    expect(stateOf(next, "general")).toMatchObject({ unread: 2, mentions: 1, firstUnreadId: "m16" });
    expect(stateOf(next, "random")?.unread).toBe(0);
  });

  test("a channel this tab shows, or one the reader watches in another tab, counts nothing from a batch", () => {
    const messages: [string, string, 0 | 1][] = [["m16", "u-other", 1]];
    expect(applyActivities(start, batch("general", messages), reader({ views: (id) => id === "general" }))).toBe(start);
    expect(applyActivities(start, batch("general", messages), reader({ watched: (id) => id === "general" }))).toBe(
      start,
    );
  });

  test("a mention moves the mention count only (the unread count comes with the batch), whichever arrives first", () => {
    const mention = activity({ messageId: "m16", mentionIds: [ME] });
    const mentionFirst = applyActivities(
      applyMention(start, mention, reader()),
      batch("general", [["m16", "u-other", 0]]),
      reader(),
    );
    const batchFirst = applyMention(
      applyActivities(start, batch("general", [["m16", "u-other", 0]]), reader()),
      mention,
      reader(),
    );
    for (const next of [mentionFirst, batchFirst])
      expect(stateOf(next, "general")).toMatchObject({ unread: 1, mentions: 1 });
    // gone, and an edit that takes the mention away
    expect(stateOf(applyMention(mentionFirst, { ...mention, kind: "gone" }, reader()), "general")?.mentions).toBe(0);
    const unmentioned = {
      ...mention,
      kind: "edited" as const,
      mentionIds: [],
      before: { mentionIds: [ME], mentionsEveryone: false },
    };
    expect(stateOf(applyMention(mentionFirst, unmentioned, reader()), "general")?.mentions).toBe(0);
  });

  test("a mention counts nothing when already counted, read, watched or by a blocked author", () => {
    const mention = (overrides: Partial<ChannelActivity>) => activity({ mentionIds: [ME], ...overrides });
    expect(applyMention(start, mention({ messageId: "m14" }), reader())).toBe(start);
    expect(applyMention(start, mention({ messageId: "m09" }), reader())).toBe(start);
    expect(applyMention(start, mention({}), reader({ watched: () => true }))).toBe(start);
    expect(applyMention(start, mention({ authorId: "u-blocked" }), reader({ blocked: new Set(["u-blocked"]) }))).toBe(
      start,
    );
    expect(stateOf(applyMention(start, mention({}), reader()), "general")?.mentions).toBe(1);
  });
});

describe("read marks and refetches", () => {
  const start = toCommunities([
    community([
      channel("general", { unread: 4, mentions: 1, firstUnreadId: "m11" }),
      channel("t1", { parentId: "general", threadName: "Talk" }),
    ]),
  ]);

  test("a read mark from any tab replaces the channel's counts", () => {
    const next = applyReadStates(start, [channel("general", { lastReadId: "m30" })], reader());
    expect(stateOf(next, "general")).toMatchObject({ lastReadId: "m30", unread: 0, firstUnreadId: null });
  });

  test("a read mark in a thread the reader does not follow is not kept", () => {
    const next = applyReadStates(start, [channel("t9", { parentId: "general", unread: 2 })], reader());
    expect(stateOf(next, "t9")).toBeUndefined();
    expect(
      stateOf(applyReadStates(start, [channel("t1", { parentId: "general", unread: 2 })], reader()), "t1")?.unread,
    ).toBe(2);
  });

  test("a watched channel keeps no count, whatever the mark says", () => {
    const next = applyReadStates(
      start,
      [channel("general", { unread: 2, mentions: 1, firstUnreadId: "m12" })],
      reader({ watched: (id) => id === "general" }),
    );
    expect(stateOf(next, "general")).toMatchObject({ unread: 0, mentions: 0, firstUnreadId: null });
    const unwatched = channel("general", { unread: 2 });
    expect(clearIfWatched(unwatched, () => false)).toBe(unwatched);
  });

  test("a refetch replaces everything, less what is watched", () => {
    const next = refetchedCommunities(
      [community([channel("general", { unread: 7 }), channel("random", { unread: 2 })])],
      reader({ watched: (id) => id === "random" }),
    );
    expect(stateOf(next, "general")?.unread).toBe(7);
    expect(stateOf(next, "random")?.unread).toBe(0);
    expect(stateOf(next, "t1")).toBeUndefined();
  });

  test("a state older than what this tab has read since (its mark on the way) leaves the tab's count standing", () => {
    const readHere = reader({ readUpTo: (id) => (id === "general" ? "m30" : "") });
    const read = applyReadStates(start, [channel("general", { lastReadId: "m30" })], reader());
    // the server still holds m10 for the channel this tab read to m30: 21 is not shown
    const stale = channel("general", { lastReadId: "m10", unread: 21, firstUnreadId: "m11" });
    expect(applyReadStates(read, [stale], readHere)).toBe(read);
    expect(stateOf(refetchedCommunities([community([stale])], readHere, read), "general")?.unread).toBe(0);
    // without a count here to keep (a first fetch), and once the server has caught up, the server's counts
    expect(stateOf(refetchedCommunities([community([stale])], readHere), "general")?.unread).toBe(21);
    const caughtUp = channel("general", { lastReadId: "m30", unread: 1, firstUnreadId: "m31" });
    expect(stateOf(applyReadStates(read, [caughtUp], readHere), "general")?.unread).toBe(1);
  });
});

describe("where a channel opens", () => {
  test("the page's state when its batch has not reached the tab yet, the tab's when the page is older", () => {
    // a channel made a moment ago: the tab knows no message yet, the page saw 60 after the join
    const tabNew = channel("busy", { lastReadId: "", unread: 0 });
    const pageNew = channel("busy", { lastReadId: "m05", firstUnreadId: "m06", unread: 60 });
    expect(openingState(tabNew, pageNew)).toBe(pageNew);
    // a page the router kept: the tab has read further since, or seen more arrive at the same position
    const keptPage = channel("general", { lastReadId: "m10", firstUnreadId: "m11", unread: 3 });
    const readSince = channel("general", { lastReadId: "m20", unread: 0 });
    expect(openingState(readSince, keptPage)).toBe(readSince);
    const moreSince = channel("general", { lastReadId: "m10", firstUnreadId: "m11", unread: 5 });
    expect(openingState(moreSince, keptPage)).toBe(moreSince);
    expect(openingState(undefined, keptPage)).toBe(keptPage);
    expect(openingState(readSince, null)).toBe(readSince);
    expect(openingState(undefined, null)).toBeNull();
  });
});

describe("channels, communities and settings coming and going", () => {
  const start = toCommunities([community([channel("general")])]);

  test("a created channel starts with nothing unread; a known one is kept", () => {
    const next = addChannel(start, { id: "new", communityId: "k1" });
    expect(stateOf(next, "new")).toMatchObject({ unread: 0, mentions: 0, lastReadId: "", notify: null });
    expect(addChannel(start, { id: "general", communityId: "k1" })).toBe(start);
  });

  test("a deleted channel and a left community drop out", () => {
    expect(stateOf(removeChannel(start, "k1", "general"), "general")).toBeUndefined();
    expect(removeChannel(start, "k1", "unknown")).toBe(start);
    expect(removeCommunity(start, "k1").has("k1")).toBe(false);
    expect(removeCommunity(start, "k9")).toBe(start);
  });

  test("a notification level: the community's (null back to ALL) or a channel's", () => {
    const muted = applyNotify(start, { communityId: "k1", channelId: null, notify: "NONE" });
    expect(muted.get("k1")?.notify).toBe("NONE");
    expect(applyNotify(muted, { communityId: "k1", channelId: null, notify: null }).get("k1")?.notify).toBe("ALL");
    expect(
      stateOf(applyNotify(start, { communityId: "k1", channelId: "general", notify: "MENTIONS" }), "general")?.notify,
    ).toBe("MENTIONS");
    expect(applyNotify(start, { communityId: "k1", channelId: "unknown", notify: "MENTIONS" })).toBe(start);
  });

  test("a followed thread renamed shows its new name; other threads are not added", () => {
    const withThread = toCommunities([
      community([channel("general"), channel("t1", { parentId: "general", threadName: "Old" })]),
    ]);
    expect(stateOf(renameThread(withThread, { id: "t1", communityId: "k1", name: "New" }), "t1")?.threadName).toBe(
      "New",
    );
    expect(renameThread(withThread, { id: "t1", communityId: "k1", name: "Old" })).toBe(withThread);
    expect(renameThread(withThread, { id: "t2", communityId: "k1", name: "Other" })).toBe(withThread);
  });

  test("blocking and unblocking", () => {
    const blocked = withBlocked(new Set(["a"]), "b", true);
    expect([...blocked].sort()).toEqual(["a", "b"]);
    expect([...withBlocked(blocked, "a", false)]).toEqual(["b"]);
  });

  test("a notification change's payload: a community's DEFAULT is ALL, a channel's stays DEFAULT", () => {
    expect(notifyPayload({ communityId: "k1" }, "DEFAULT")).toEqual({
      scope: "community",
      communityId: "k1",
      notify: "ALL",
    });
    expect(notifyPayload({ channelId: "general" }, "DEFAULT")).toEqual({
      scope: "channel",
      channelId: "general",
      notify: "DEFAULT",
    });
    expect(notifyPayload({ channelId: "general" }, "NONE")).toEqual({
      scope: "channel",
      channelId: "general",
      notify: "NONE",
    });
  });
});

describe("badges and totals", () => {
  const communities = toCommunities([
    community([
      channel("general", { unread: 5, mentions: 1 }),
      channel("quiet", { unread: 3, mentions: 2, notify: "MENTIONS" }),
      channel("muted", { unread: 9, mentions: 4, notify: "NONE" }),
      channel("t1", { parentId: "muted", threadName: "In muted", unread: 2, mentions: 2 }),
      channel("t2", { parentId: "general", threadName: "A thread", unread: 1 }),
    ]),
    community([channel("elsewhere", { unread: 2, mentions: 1 })], { communityId: "k2", notify: "MENTIONS" }),
  ]);

  test("a community's badge adds what each channel's level lets through; a thread follows its channel's level", () => {
    // general 5 (ALL) + quiet 2 (MENTIONS) + muted 0 + t1 0 (follows muted) + t2 1 (follows general)
    expect(communityBadge(communities.get("k1"))).toEqual({ badge: 8, unread: true });
    expect(communityBadge(communities.get("k2"))).toEqual({ badge: 1, unread: true });
    expect(communityBadge(undefined)).toEqual({ badge: 0, unread: false });
  });

  test("a muted channel's unread messages do not light the community", () => {
    const onlyMuted = toCommunities([community([channel("muted", { unread: 3, notify: "NONE" })])]);
    expect(communityBadge(onlyMuted.get("k1"))).toEqual({ badge: 0, unread: false });
  });

  test("the total over every community, and the tab title with it", () => {
    expect(totalBadge(communities)).toBe(9);
    expect(titleWithCount("#general | Community Chat", 9)).toBe("(9) #general | Community Chat");
    expect(titleWithCount("(9) #general | Community Chat", 0)).toBe("#general | Community Chat");
    expect(titleWithCount("(999+) #general", 1200)).toBe("(999+) #general");
    expect(titleWithCount("(3) #general", 4)).toBe("(4) #general");
  });

  test("one channel's view: counts, the level in force and the community's", () => {
    expect(channelReadView(communities, "k1", "t1")).toMatchObject({
      unread: 2,
      level: "NONE",
      communityNotify: "ALL",
    });
    expect(channelReadView(communities, "k1", "quiet")?.level).toBe("MENTIONS");
    expect(channelReadView(communities, "k1", "unknown")).toBeNull();
    expect(channelReadView(communities, "k9", "general")).toBeNull();
  });

  test("a channel's followed threads, by name, with their level", () => {
    const threads = followedThreads(
      toCommunities([
        community([
          channel("general"),
          channel("tb", { parentId: "general", threadName: "Beta" }),
          channel("ta", { parentId: "general", threadName: "Alpha" }),
        ]),
      ]),
      "k1",
      "general",
    );
    expect(threads.map((t) => [t.threadName, t.level])).toEqual([
      ["Alpha", "ALL"],
      ["Beta", "ALL"],
    ]);
    expect(followedThreads(communities, "k9", "general")).toEqual([]);
  });
});

describe("desktop alerts", () => {
  const communities = toCommunities([
    community([
      channel("general"),
      channel("quiet", { notify: "MENTIONS" }),
      channel("off", { notify: "NONE" }),
      channel("t1", { parentId: "general" }),
    ]),
  ]);
  const alert = (overrides: Partial<ChannelActivity>, blocked = new Set<string>()) =>
    alertDecision(communities, blocked, activity(overrides), ME);

  test("a new message alerts where the level lets it through, saying where it is", () => {
    expect(alert({})).toEqual({ communityId: "k1", parentId: null });
    expect(alert({ channelId: "t1" })).toEqual({ communityId: "k1", parentId: "general" });
    expect(alert({ channelId: "quiet" })).toBeNull();
    expect(alert({ channelId: "quiet", mentionIds: [ME] })).toEqual({ communityId: "k1", parentId: null });
    expect(alert({ channelId: "off", mentionsEveryone: true })).toBeNull();
  });

  test("a message from a viewed channel (no community given) is found by its channel", () => {
    expect(alertDecision(communities, new Set(), { ...activity({}), communityId: undefined }, ME)).toEqual({
      communityId: "k1",
      parentId: null,
    });
  });

  test("never: edits, removals, one's own, read already, blocked authors, unknown channels", () => {
    expect(alert({ kind: "edited" })).toBeNull();
    expect(alert({ kind: "gone" })).toBeNull();
    expect(alert({ authorId: ME })).toBeNull();
    expect(alert({ messageId: "m01" })).toBeNull();
    expect(alert({}, new Set(["u-other"]))).toBeNull();
    expect(alert({ channelId: "unfollowed-thread" })).toBeNull();
  });
});

describe("positions another app process stored", () => {
  const counts = toCommunities([community([channel("general", { lastReadId: "m10" }), channel("random")])]);

  test("ask for the counts again only when this tab's are older", () => {
    expect(behindStored(counts, [{ channelId: "general", lastReadId: "m10" }])).toBe(false);
    expect(behindStored(counts, [{ channelId: "general", lastReadId: "m09" }])).toBe(false);
    expect(behindStored(counts, [{ channelId: "unknown", lastReadId: "m99" }])).toBe(false);
    expect(
      behindStored(counts, [
        { channelId: "random", lastReadId: "m10" },
        { channelId: "general", lastReadId: "m11" },
      ]),
    ).toBe(true);
  });
});
