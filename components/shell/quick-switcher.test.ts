import { describe, expect, test } from "vitest";
import {
  matchScore,
  peopleQuery,
  rankTargets,
  recentVisits,
  rememberVisit,
  toPersonTargets,
  toTargets,
  visitKey,
  type SwitchData,
  type SwitchTarget,
} from "./quick-switcher";

const channel = (id: string, name: string, isPrivate = false): SwitchTarget => ({
  key: `channel:${id}`,
  kind: "channel",
  name,
  href: `/c/C1/${id}`,
  context: "Community",
  isPrivate,
});
const community = (id: string, name: string): SwitchTarget => ({
  key: `community:${id}`,
  kind: "community",
  name,
  href: `/c/${id}`,
  context: "Community",
});
const person = (id: string, displayName: string, username: string): SwitchTarget =>
  toPersonTargets([{ id, displayName, username, communityId: "C1", communityName: "Club" }])[0];
const names = (targets: SwitchTarget[]) => targets.map((target) => target.name);

function memoryStorage() {
  const values = new Map<string, string>();
  return {
    values,
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
  };
}

describe("rankTargets", () => {
  const targets = [
    channel("a", "green-energy"), // letters in order only
    channel("b", "oxygen"), // inside the name
    channel("c", "team-gen"), // a word's start
    channel("d", "general"), // the name's start
    channel("e", "random"), // no match
  ];

  test("the name's start beats a word's start, which beats a substring, which beats letters in order", () => {
    expect(names(rankTargets("gen", targets, []))).toEqual(["general", "team-gen", "oxygen", "green-energy"]);
    expect(matchScore("gen", "random")).toBeNull();
  });

  test("an exact name comes first; case, accents and separators do not matter", () => {
    const list = [channel("a", "dev-chat-archive"), channel("b", "Dev Chat"), channel("c", "café")];
    expect(names(rankTargets("dev chat", list, []))).toEqual(["Dev Chat", "dev-chat-archive"]);
    expect(names(rankTargets("DEV_CHAT", list, []))).toEqual(["Dev Chat", "dev-chat-archive"]);
    expect(names(rankTargets("cafe", list, []))).toEqual(["café"]);
  });

  test("letters in order prefer word starts and runs", () => {
    const list = [channel("a", "xgxxexxn"), channel("b", "game-engine-news")];
    expect(names(rankTargets("gen", list, []))).toEqual(["game-engine-news", "xgxxexxn"]);
  });

  test("recent visits break ties inside a kind of match but never lift a worse match", () => {
    const list = [channel("a", "gen-one"), channel("b", "gen-two"), channel("c", "oxygen")];
    expect(names(rankTargets("gen", list, ["channel:b"]))).toEqual(["gen-two", "gen-one", "oxygen"]);
    expect(names(rankTargets("gen", list, ["channel:c"]))).toEqual(["gen-one", "gen-two", "oxygen"]);
  });

  test("an empty query lists the recent ones first, most recent first, then the rest in order", () => {
    const list = [channel("a", "one"), channel("b", "two"), community("C", "three"), channel("d", "four")];
    expect(names(rankTargets("  ", list, ["channel:d", "gone:x", "community:C"]))).toEqual([
      "four",
      "three",
      "one",
      "two",
    ]);
    expect(rankTargets("", list, [], 2)).toHaveLength(2);
  });

  test("# keeps channels only, * communities only", () => {
    const list = [channel("a", "general"), community("G", "Gardeners"), channel("b", "garden")];
    expect(names(rankTargets("#g", list, []))).toEqual(["garden", "general"]);
    expect(names(rankTargets("*g", list, []))).toEqual(["Gardeners"]);
    expect(names(rankTargets("*", list, []))).toEqual(["Gardeners"]);
    expect(names(rankTargets("#", list, []))).toEqual(["general", "garden"]);
  });

  test("equal matches: channels before threads before people before communities, then shorter names", () => {
    const list = [
      community("X", "Games"),
      person("U", "Games", "gamer"),
      channel("a", "games-night"),
      channel("b", "games"),
    ];
    expect(names(rankTargets("games", list, []))).toEqual(["games", "Games", "Games", "games-night"]);
    expect(rankTargets("games", list, []).map((t) => t.kind)).toEqual(["channel", "person", "community", "channel"]);
  });

  test("a person is found by display name or username; @ keeps people only", () => {
    const list = [person("U1", "Ada Lovelace", "countess"), channel("a", "ada-fans"), person("U2", "Bob", "adabob")];
    expect(names(rankTargets("count", list, []))).toEqual(["Ada Lovelace"]);
    expect(names(rankTargets("@ada", list, []))).toEqual(["Ada Lovelace", "Bob"]);
    expect(names(rankTargets("ada", list, []))).toEqual(["ada-fans", "Ada Lovelace", "Bob"]);
    expect(names(rankTargets("@", list, []))).toEqual(["Ada Lovelace", "Bob"]);
  });

  test("people are asked for what is typed, except under # and *", () => {
    expect(peopleQuery("  Ada ")).toBe("ada");
    expect(peopleQuery("@Ada")).toBe("ada");
    expect(peopleQuery("#ada")).toBeNull();
    expect(peopleQuery("*ada")).toBeNull();
    expect(peopleQuery("@ ")).toBeNull();
    expect(peopleQuery("")).toBeNull();
    expect(peopleQuery("x".repeat(100))).toHaveLength(64);
  });
});

describe("toTargets", () => {
  test("links channels, threads (by their channel) and communities", () => {
    const data: SwitchData = {
      communities: [{ id: "C1", name: "Club", avatarUrl: null }],
      channels: [{ id: "K1", name: "secret", kind: "PRIVATE", communityId: "C1", communityName: "Club" }],
      threads: [
        {
          id: "T1",
          name: "plans",
          channelId: "K1",
          channelName: "secret",
          communityId: "C1",
          communityName: "Club",
          archived: false,
        },
      ],
    };
    expect(toTargets(data).map((t) => [t.key, t.href, t.context, t.isPrivate ?? null])).toEqual([
      ["channel:K1", "/c/C1/K1", "Club", true],
      ["thread:T1", "/c/C1/K1?thread=T1", "#secret · Club", null],
      ["community:C1", "/c/C1", "Community", null],
    ]);
  });

  test("links a person to their card in the first community shared", () => {
    expect(person("U1", "Ada", "countess")).toMatchObject({
      key: "person:U1",
      href: "/c/C1?member=U1",
      context: "@countess · Club",
      aliases: ["countess"],
    });
  });
});

describe("recent visits", () => {
  test("an app path names its target; other paths name none", () => {
    expect(visitKey("/c/C1")).toBe("community:C1");
    expect(visitKey("/c/C1/K1")).toBe("channel:K1");
    expect(visitKey("/c/C1/K1?m=M1")).toBe("channel:K1");
    expect(visitKey("/c/C1/K1?thread=T1")).toBe("thread:T1");
    expect(visitKey("/c/C1?member=U1")).toBe("person:U1");
    expect(visitKey("/c/C1/K1?member=U1")).toBe("person:U1");
    expect(visitKey("/c/C1/settings")).toBeNull();
    expect(visitKey("/c/C1/K1/extra")).toBeNull();
    expect(visitKey("/discover")).toBeNull();
    expect(visitKey("/")).toBeNull();
  });

  test("are kept most recent first, once each, at most 30, and survive bad storage", () => {
    const storage = memoryStorage();
    rememberVisit("/c/C1/K1", storage);
    rememberVisit("/c/C1", storage);
    rememberVisit("/discover", storage);
    rememberVisit("/c/C1/K1", storage);
    expect(recentVisits(storage)).toEqual(["channel:K1", "community:C1"]);
    for (let i = 0; i < 40; i++) rememberVisit(`/c/C1/K${i + 10}`, storage);
    expect(recentVisits(storage)).toHaveLength(30);
    expect(recentVisits(storage)[0]).toBe("channel:K49");

    storage.values.set("quick-switcher:recent", "{not json");
    expect(recentVisits(storage)).toEqual([]);
    rememberVisit("/c/C2", storage);
    expect(recentVisits(storage)).toEqual(["community:C2"]);
    expect(recentVisits(null)).toEqual([]);
  });
});
