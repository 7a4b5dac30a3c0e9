import { describe, expect, test } from "vitest";
import { SiblingWatch, WATCH_EXPIRES_MS, type WatchMessage } from "./sibling-watch";

/** Two tabs of one browser on a shared clock, their broadcast channel delivering in order. */
function twoTabs() {
  let at = 0;
  const now = () => at;
  const posted: WatchMessage[] = [];
  const tabs: SiblingWatch[] = [];
  const post = (from: number) => (message: WatchMessage) => {
    posted.push(message);
    tabs.forEach((tab, i) => i !== from && tab.receive(message));
  };
  tabs.push(new SiblingWatch(post(0), "a", now), new SiblingWatch(post(1), "b", now));
  return { a: tabs[0], b: tabs[1], posted, advance: (ms: number) => void (at += ms) };
}

describe("tabs of one browser", () => {
  test("hear which channels a sibling watches, until it stops or goes quiet", () => {
    const { a, b, posted, advance } = twoTabs();
    a.announce(["news"]);
    expect(b.watches("news")).toBe(true);
    expect(b.watches("general")).toBe(false);
    expect(a.watches("news")).toBe(false); // its own watching is not a sibling's

    a.announce(["news"]); // unchanged: not repeated
    expect(posted).toHaveLength(1);
    advance(WATCH_EXPIRES_MS - 1);
    a.heartbeat();
    advance(WATCH_EXPIRES_MS - 1);
    expect(b.watches("news")).toBe(true);

    a.announce([]);
    expect(b.watches("news")).toBe(false);
    a.announce(["news"]);
    advance(WATCH_EXPIRES_MS + 1); // closed without a word
    expect(b.watches("news")).toBe(false);
  });

  test("a tab that opens later hears at once what the others watch", () => {
    const { a, b, posted } = twoTabs();
    a.announce(["news"]);
    b.receive({ tab: "a", channels: [] }); // as if b had opened after a's announcement
    expect(b.watches("news")).toBe(false);
    b.hello();
    expect(b.watches("news")).toBe(true);
    expect(posted.at(-1)).toEqual({ tab: "a", channels: ["news"] });
  });

  test("ignore what is not a watch message", () => {
    const { b } = twoTabs();
    for (const junk of [null, "news", { tab: "x" }, { tab: "x", channels: [1] }, { tab: 1, channels: ["news"] }])
      b.receive(junk);
    expect(b.watches("news")).toBe(false);
  });
});
