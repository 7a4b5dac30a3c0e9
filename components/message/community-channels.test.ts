import { describe, expect, test } from "vitest";
import { withChannel } from "./community-channels";

describe("the community's channel list, kept live", () => {
  const list = [
    { id: "c1", name: "general" },
    { id: "c2", name: "random" },
  ];

  test("a created channel is added, a renamed one changes in place, a deleted one goes", () => {
    expect(withChannel(list, { id: "c3", name: "news" })).toEqual([...list, { id: "c3", name: "news" }]);
    expect(withChannel(list, { id: "c2", name: "off-topic" })).toEqual([
      { id: "c1", name: "general" },
      { id: "c2", name: "off-topic" },
    ]);
    expect(withChannel(list, { id: "c1", deleted: true })).toEqual([{ id: "c2", name: "random" }]);
  });

  test("nothing new: the same list (no render)", () => {
    expect(withChannel(list, { id: "c1", name: "general" })).toBe(list);
    expect(withChannel(list, { id: "zz", deleted: true })).toBe(list);
  });
});
