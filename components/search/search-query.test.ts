import { describe, expect, test } from "vitest";
import {
  addUtcDays,
  channelNamed,
  channelSuggestions,
  cutText,
  daySuggestions,
  filterAtCaret,
  hasSuggestions,
  insertKey,
  invalidFilterMessage,
  memberNamed,
  parseDay,
  parseHas,
  readTypedFilters,
  tokenize,
  utcDay,
} from "./search-query";

describe("tokenize", () => {
  test("words with their positions; key:value words of a known key are filters (key in any case)", () => {
    expect(tokenize("  hello From:Ann in:  has:link x:y")).toEqual([
      { kind: "text", text: "hello", start: 2, end: 7 },
      { kind: "filter", key: "from", value: "Ann", start: 8, end: 16 },
      { kind: "filter", key: "in", value: "", start: 17, end: 20 },
      { kind: "filter", key: "has", value: "link", start: 22, end: 30 },
      { kind: "text", text: "x:y", start: 31, end: 34 },
    ]);
    expect(tokenize("")).toEqual([]);
    expect(tokenize("   ")).toEqual([]);
  });

  test("only the key before the first colon counts; a URL or a time is text", () => {
    expect(tokenize("before:2030-01-01T10:00")[0]).toMatchObject({ key: "before", value: "2030-01-01T10:00" });
    expect(tokenize("https://x.y")[0]).toMatchObject({ kind: "text" });
    expect(tokenize("10:30")[0]).toMatchObject({ kind: "text" });
    expect(tokenize("fromage:1")[0]).toMatchObject({ kind: "text" });
  });
});

describe("the filter at the caret", () => {
  test("the filter word the caret is in or right after", () => {
    const text = "hello from:al world";
    expect(filterAtCaret(text, 13)).toMatchObject({ key: "from", value: "al", start: 6, end: 13 });
    expect(filterAtCaret(text, 9)).toMatchObject({ key: "from" });
    expect(filterAtCaret(text, 6)).toBeNull(); // before the word
    expect(filterAtCaret(text, 3)).toBeNull(); // in a plain word
    expect(filterAtCaret(text, 14)).toBeNull(); // after the space
    expect(filterAtCaret("in:", 3)).toMatchObject({ key: "in", value: "" });
    expect(filterAtCaret("", 0)).toBeNull();
  });
});

describe("editing the text", () => {
  test("cutting a picked filter word joins the rest with one space and keeps the caret there", () => {
    expect(cutText("hello from:al world", 6, 13)).toEqual({ text: "hello world", caret: 6 });
    expect(cutText("from:al world", 0, 7)).toEqual({ text: "world", caret: 0 });
    expect(cutText("hello from:al", 6, 13)).toEqual({ text: "hello ", caret: 6 });
    expect(cutText("from:al", 0, 7)).toEqual({ text: "", caret: 0 });
  });

  test("a picked key replaces the word at the caret, or is added after a space", () => {
    expect(insertKey("", 0, "from")).toEqual({ text: "from:", caret: 5 });
    expect(insertKey("hello", 5, "in")).toEqual({ text: "in:", caret: 3 });
    expect(insertKey("hello ", 6, "has")).toEqual({ text: "hello has:", caret: 10 });
    expect(insertKey("a b", 1, "before")).toEqual({ text: "before: b", caret: 7 });
  });
});

describe("values", () => {
  test("days: YYYY-MM-DD that exist, from 1970", () => {
    expect(parseDay("2028-02-29")).toBe("2028-02-29");
    expect(parseDay(" 2030-01-05 ")).toBe("2030-01-05");
    for (const bad of [
      "2027-02-29",
      "2030-13-01",
      "2030-00-10",
      "2030-1-5",
      "1969-12-31",
      "yesterday",
      "",
      "2030-01-01T00:00Z",
    ])
      expect(parseDay(bad), bad).toBeNull();
  });

  test("UTC days: an instant's day, and whole days later or earlier across months, years and leap days", () => {
    expect(utcDay(new Date("2028-02-29T23:59:59.999Z"))).toBe("2028-02-29");
    expect(utcDay(new Date("2028-03-01T00:30:00+01:00"))).toBe("2028-02-29");
    expect(addUtcDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addUtcDays("2028-02-29", 1)).toBe("2028-03-01");
    expect(addUtcDays("2030-12-31", 1)).toBe("2031-01-01");
    expect(addUtcDays("2030-01-01", -1)).toBe("2029-12-31");
    expect(addUtcDays("2030-03-31", -30)).toBe("2030-03-01");
  });

  test("day suggestions: the typed day once whole, else recent days starting with what was typed", () => {
    expect(daySuggestions("2030-01-05", "2028-02-29")).toEqual([{ day: "2030-01-05", label: "2030-01-05" }]);
    expect(daySuggestions("", "2028-03-01")).toEqual([
      { day: "2028-03-01", label: "Today" },
      { day: "2028-02-29", label: "Yesterday" },
      { day: "2028-02-23", label: "A week ago" },
      { day: "2028-01-31", label: "30 days ago" },
    ]);
    expect(daySuggestions("2028-02", "2028-03-01").map((s) => s.label)).toEqual(["Yesterday", "A week ago"]);
    expect(daySuggestions("1999", "2028-03-01")).toEqual([]);
  });

  test("has: values by name or label prefix, any case; a typed value names one exactly", () => {
    expect(hasSuggestions("")).toEqual(["link", "attachment", "image", "video", "voice", "file"]);
    expect(hasSuggestions("v")).toEqual(["video", "voice"]);
    expect(hasSuggestions("L")).toEqual(["link"]);
    expect(hasSuggestions("any")).toEqual(["attachment"]);
    expect(hasSuggestions("pdf")).toEqual([]);
    expect(parseHas("IMAGE")).toBe("image");
    expect(parseHas("im")).toBeNull();
  });

  const channels = [
    { id: "1", name: "general", kind: "PUBLIC" as const },
    { id: "2", name: "dev-general", kind: "PUBLIC" as const },
    { id: "3", name: "Staff", kind: "PRIVATE" as const },
  ];

  test("channels: those starting with the text first, then those containing it; # ignored", () => {
    expect(channelSuggestions(channels, "gen").map((c) => c.id)).toEqual(["1", "2"]);
    expect(channelSuggestions(channels, "#st").map((c) => c.id)).toEqual(["3"]);
    expect(channelSuggestions(channels, "").map((c) => c.id)).toEqual(["1", "2", "3"]);
    expect(channelSuggestions(channels, "", 2)).toHaveLength(2);
    expect(channelNamed(channels, "#staff")?.id).toBe("3");
    expect(channelNamed(channels, "GENERAL")?.id).toBe("1");
    expect(channelNamed(channels, "gen")).toBeNull();
  });

  test("members: the username (@ optional) or display name, any case, else the only one found", () => {
    const found = [
      { id: "1", username: "ann", displayName: "Annie" },
      { id: "2", username: "anna", displayName: "Ann" },
    ];
    expect(memberNamed(found, "@ANN")?.id).toBe("1");
    expect(memberNamed(found, "ann")?.id).toBe("1"); // a username before a display name
    expect(memberNamed(found, "annie")?.id).toBe("1");
    expect(memberNamed(found, "an")).toBeNull(); // two found, neither named
    expect(memberNamed([found[1]], "an")?.id).toBe("2");
    expect(memberNamed([], "ann")).toBeNull();
  });
});

describe("typed filters on Enter", () => {
  test("takes the filter words out; has:/before:/after: are read, from:/mentions:/in: wait for a lookup", () => {
    expect(readTypedFilters("deploy from:ann has:Link in:#ops after:2030-01-01 notes before:2030-02-01")).toEqual({
      text: "deploy notes",
      has: "link",
      after: "2030-01-01",
      before: "2030-02-01",
      lookups: [
        { key: "from", value: "ann" },
        { key: "in", value: "#ops" },
      ],
      invalid: [],
    });
  });

  test("empty values are dropped; the last value of a key wins; bad values are reported", () => {
    expect(readTypedFilters("from: in: x from:a from:b mentions:c")).toEqual({
      text: "x",
      lookups: [
        { key: "from", value: "b" },
        { key: "mentions", value: "c" },
      ],
      invalid: [],
    });
    expect(readTypedFilters("has:pdf before:soon after:2030-02-30 words").invalid).toEqual([
      { key: "has", value: "pdf" },
      { key: "before", value: "soon" },
      { key: "after", value: "2030-02-30" },
    ]);
    expect(readTypedFilters("")).toEqual({ text: "", lookups: [], invalid: [] });
  });

  test("each failure has a sentence", () => {
    expect(invalidFilterMessage({ key: "has", value: "pdf" })).toMatch(/has:pdf.*link, attachment/);
    expect(invalidFilterMessage({ key: "after", value: "soon" })).toMatch(/YYYY-MM-DD/);
    expect(invalidFilterMessage({ key: "in", value: "ops" })).toMatch(/No channel/);
    expect(invalidFilterMessage({ key: "from", value: "zed" })).toMatch(/No member matches “zed”/);
  });
});
