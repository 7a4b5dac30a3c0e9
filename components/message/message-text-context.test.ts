import { describe, expect, test } from "vitest";
import { mergeMentionNames } from "./message-text-context";

describe("mentioned users' names across a conversation", () => {
  test("merged from every message; the same object while nothing is new", () => {
    const start = new Map<string, string>();
    const one = mergeMentionNames(start, [{ mentionNames: { bob: "Bob" } }, {}, { mentionNames: { al: "Al" } }]);
    expect(Object.fromEntries(one)).toEqual({ bob: "Bob", al: "Al" });
    expect(start.size).toBe(0);
    expect(mergeMentionNames(one, [{ mentionNames: { bob: "Bob" } }, { mentionNames: {} }])).toBe(one);
    const renamed = mergeMentionNames(one, [{ mentionNames: { bob: "Bob Dylan" } }]);
    expect(Object.fromEntries(renamed)).toEqual({ bob: "Bob Dylan", al: "Al" });
    expect(one.get("bob")).toBe("Bob");
  });

  test("usernames that are names of Object's own properties are ordinary keys", () => {
    const names = mergeMentionNames(new Map(), [
      JSON.parse('{"mentionNames":{"__proto__":"Proto","constructor":"Con"}}'),
    ]);
    expect(names.get("__proto__")).toBe("Proto");
    expect(names.get("constructor")).toBe("Con");
    expect(mergeMentionNames(new Map(), [{}]).get("constructor")).toBeUndefined();
  });
});
