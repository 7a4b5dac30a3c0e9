import { describe, expect, test } from "vitest";
import { CHANNEL_TOKEN, channelPath, channelsByName, matchChannels, resolveChannelToken } from "./channel-links";

const channels = [
  { id: "c1", name: "general" },
  { id: "c2", name: "off-topic" },
  { id: "c3", name: "dev-general" },
  { id: "c4", name: "v1.0" },
];
const byName = channelsByName(channels);

describe("channel links", () => {
  test("#tokens: not inside words, entities or ##", () => {
    const tokens = (text: string) => [...text.matchAll(CHANNEL_TOKEN)].map((m) => m[1]);
    expect(tokens("#general and (#off-topic) C#sharp &#35; ##x #été")).toEqual(["general", "off-topic)", "été"]);
  });

  test("a token names a channel whole, or without trailing punctuation, case-insensitively", () => {
    expect(resolveChannelToken("General", byName)).toEqual({ id: "c1", name: "general", length: 7 });
    expect(resolveChannelToken("off-topic).", byName)).toEqual({ id: "c2", name: "off-topic", length: 9 });
    expect(resolveChannelToken("v1.0.", byName)).toEqual({ id: "c4", name: "v1.0", length: 4 });
    expect(resolveChannelToken("generals", byName)).toBeUndefined();
    expect(resolveChannelToken("...", byName)).toBeUndefined();
  });

  test("the path of a channel", () => {
    expect(channelPath("k1", "c1")).toBe("/c/k1/c1");
  });

  test("suggestions: name prefix first, then a word of the name, at most the limit", () => {
    expect(matchChannels(channels, "gen").map((c) => c.id)).toEqual(["c1", "c3"]);
    expect(matchChannels(channels, "TOP").map((c) => c.id)).toEqual(["c2"]);
    expect(matchChannels(channels, "").map((c) => c.id)).toEqual(["c1", "c2", "c3", "c4"]);
    expect(matchChannels(channels, "", 2)).toHaveLength(2);
    expect(matchChannels(channels, "zzz")).toEqual([]);
  });
});
