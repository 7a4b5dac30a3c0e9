import { afterEach, describe, expect, it } from "vitest";
import { now, setClock } from "../clock";
import { pinClock } from "../testing/clock";
import { makeCommunity } from "../testing/factories";
import { findMember, listMembers } from "./members";
import { getMyStatus, setMyStatus } from "./status";

afterEach(() => setClock());

describe("status and custom status", () => {
  it("keeps the chosen status and a custom status that others see in member lists until it expires", async () => {
    const clock = pinClock(now().toISOString());
    const { owner, community, members } = await makeCommunity(1);
    const [ann] = members;
    expect(await getMyStatus(ann)).toEqual({ mode: "AUTO", custom: null });

    const set = await setMyStatus(ann, {
      mode: "DND",
      custom: { text: " Deep work ", emoji: "🎧", clearAfter: "1h" },
    });
    expect(set).toEqual({
      mode: "DND",
      custom: { text: "Deep work", emoji: "🎧", expiresAt: new Date(now().getTime() + 3600_000).toISOString() },
    });
    const seen = async () =>
      (await listMembers(owner, { communityId: community.id })).members.find((m) => m.id === ann.userId)!.customStatus;
    expect(await seen()).toMatchObject({ text: "Deep work", emoji: "🎧" });
    expect(await findMember(owner, { communityId: community.id, userId: ann.userId })).toMatchObject({
      customStatus: { text: "Deep work" },
    });

    clock.advance(3600_000);
    expect(await seen()).toBeNull();
    expect((await getMyStatus(ann)).custom).toBeNull();
    expect((await getMyStatus(ann)).mode).toBe("DND"); // the status itself does not expire
  });

  it("today ends when the person's day ends (at most a day away); never keeps it", async () => {
    const clock = pinClock(now().toISOString());
    const { members } = await makeCommunity(1);
    const [ann] = members;
    const inThreeHours = new Date(now().getTime() + 3 * 3600_000).toISOString();
    const today = await setMyStatus(ann, {
      custom: { text: "Out", emoji: "", clearAfter: "today", todayEndsAt: inThreeHours },
    });
    expect(today.custom?.expiresAt).toBe(inThreeHours);
    // an end of day in the past, or days away, counts as a day from now
    const nextWeek = new Date(now().getTime() + 7 * 24 * 3600_000).toISOString();
    const odd = await setMyStatus(ann, {
      custom: { text: "Out", emoji: "", clearAfter: "today", todayEndsAt: nextWeek },
    });
    expect(odd.custom?.expiresAt).toBe(new Date(now().getTime() + 24 * 3600_000).toISOString());
    const never = await setMyStatus(ann, { custom: { text: "Here", emoji: "💻", clearAfter: "never" } });
    clock.advance(365 * 24 * 3600_000);
    expect((await getMyStatus(ann)).custom).toEqual({ text: "Here", emoji: "💻", expiresAt: null });
    expect(never.custom?.expiresAt).toBeNull();
    await setMyStatus(ann, { custom: null });
    expect((await getMyStatus(ann)).custom).toBeNull();
  });

  it("an invisible member's custom status is hidden from others; they still see their own", async () => {
    const { owner, community, members } = await makeCommunity(1);
    const [ann] = members;
    await setMyStatus(ann, { mode: "INVISIBLE", custom: { text: "Shh", emoji: "🤫", clearAfter: "never" } });
    const listed = (await listMembers(owner, { communityId: community.id })).members.find((m) => m.id === ann.userId);
    expect(listed?.customStatus).toBeNull();
    expect((await getMyStatus(ann)).custom).toMatchObject({ text: "Shh" });
  });

  it("refuses what is not a status, an overlong text and an emoji that is not one", async () => {
    const { members } = await makeCommunity(1);
    const [ann] = members;
    await expect(setMyStatus(ann, { mode: "AWAY" as never })).rejects.toThrow("Choose a status.");
    await expect(
      setMyStatus(ann, { custom: { text: "x".repeat(129), emoji: "", clearAfter: "never" } }),
    ).rejects.toThrow("at most 128");
    await expect(setMyStatus(ann, { custom: { text: "hi", emoji: "<b>", clearAfter: "never" } })).rejects.toThrow(
      "Choose one emoji.",
    );
    await expect(
      setMyStatus(ann, { custom: { text: "hi", emoji: "", clearAfter: "forever" as never } }),
    ).rejects.toThrow("Choose when to clear it.");
    expect(await getMyStatus(ann)).toEqual({ mode: "AUTO", custom: null });
  });
});
