import { describe, expect, test } from "vitest";
import { completeShortcodeAt, insertAt, replaceShortcodes, replaceToken, tokenAt } from "./autocomplete";

const known: Record<string, string> = { smile: "😄", "+1": "👍", tada: "🎉" };
const lookup = (code: string) => known[code];
/** The token at the end of the text. */
const at = (text: string) => tokenAt(text, text.length);

describe("the token being typed", () => {
  test("@member from the first character", () => {
    expect(at("hi @bo")).toEqual({ kind: "mention", query: "bo", start: 3, end: 6 });
    expect(at("@")).toEqual({ kind: "mention", query: "", start: 0, end: 1 });
    expect(at("mail@bo")).toBeNull();
  });

  test(":emoji from two characters, not in times or after a word", () => {
    expect(at("nice :sm")).toEqual({ kind: "emoji", query: "sm", start: 5, end: 8 });
    expect(at("(:+1")).toEqual({ kind: "emoji", query: "+1", start: 1, end: 4 });
    expect(at("nice :s")).toBeNull();
    expect(at("at 10:30")).toBeNull();
    expect(at("word:sm")).toBeNull();
    expect(at(":smile:")).toBeNull();
  });

  test("#channel from the first character", () => {
    expect(at("see #gen")).toEqual({ kind: "channel", query: "gen", start: 4, end: 8 });
    expect(at("#")).toEqual({ kind: "channel", query: "", start: 0, end: 1 });
    expect(at("C#")).toBeNull();
  });

  test("only what ends at the caret counts", () => {
    expect(tokenAt("@bob is here", 4)).toEqual({ kind: "mention", query: "bob", start: 0, end: 4 });
    expect(tokenAt("@bob is here", 8)).toBeNull();
  });
});

describe("editing", () => {
  test("a pick replaces the token and adds one space", () => {
    expect(replaceToken("hi @bo", { start: 3, end: 6 }, "@bobdylan")).toEqual({ text: "hi @bobdylan ", caret: 13 });
    expect(replaceToken("hi @bo there", { start: 3, end: 6 }, "@bob")).toEqual({ text: "hi @bob there", caret: 8 });
  });

  test("insert at the selection", () => {
    expect(insertAt("ab", 1, 1, "😄")).toEqual({ text: "a😄b", caret: 3 });
    expect(insertAt("abc", 0, 3, "🎉")).toEqual({ text: "🎉", caret: 2 });
  });

  test("a typed :shortcode: becomes its emoji at the caret", () => {
    expect(completeShortcodeAt("hi :smile: x", 10, lookup)).toEqual({ text: "hi 😄 x", caret: 5 });
    expect(completeShortcodeAt(":+1:", 4, lookup)).toEqual({ text: "👍", caret: 2 });
    expect(completeShortcodeAt(":SMILE:", 7, lookup)).toEqual({ text: "😄", caret: 2 });
    expect(completeShortcodeAt("hi :nope:", 9, lookup)).toBeNull();
    expect(completeShortcodeAt("12:smile:", 9, lookup)).toBeNull();
    expect(completeShortcodeAt("`code :smile:", 13, lookup)).toBeNull();
    expect(completeShortcodeAt("```\n:smile:", 11, lookup)).toBeNull();
    expect(completeShortcodeAt("`x` :smile:", 11, lookup)).toEqual({ text: "`x` 😄", caret: 6 });
  });

  test("every known :shortcode: outside code becomes its emoji (a send, a paste)", () => {
    expect(replaceShortcodes("a :smile: b :tada::+1: :nope: 10:30:00", lookup)).toBe("a 😄 b 🎉👍 :nope: 10:30:00");
    expect(replaceShortcodes("`:smile:` and\n```\n:tada:\n```\n:smile:", lookup)).toBe(
      "`:smile:` and\n```\n:tada:\n```\n😄",
    );
    expect(replaceShortcodes("no colons", lookup)).toBe("no colons");
  });
});
