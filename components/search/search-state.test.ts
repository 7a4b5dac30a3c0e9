import { describe, expect, test } from "vitest";
import type { SearchResultDTO } from "@/lib/dto";
import {
  canSearch,
  emptySearch,
  filterChips,
  hasFilters,
  highlightParts,
  noFilters,
  resultPath,
  resultsArrived,
  resultsHeading,
  searchFailed,
  searchParams,
  searchStarted,
  SNIPPET_CHARS,
  snippetOf,
  termsOf,
  withoutFilter,
  withTypedFilters,
} from "./search-state";

const result = (id: string, overrides: Partial<SearchResultDTO> = {}) =>
  ({ id, channelId: "c1", threadParentId: null, ...overrides }) as SearchResultDTO;

const ann = { id: "u1", username: "ann", displayName: "Ann" };
const bob = { id: "u2", username: "bob", displayName: "Bob B" };
const general = { id: "c1", name: "general", kind: "PUBLIC" as const };

describe("the search request", () => {
  test("carries the words, and each filter set", () => {
    const params = searchParams(
      "hello world",
      { ...noFilters, from: ann, mentions: bob, channel: general, has: "link" },
      "cur",
    );
    expect(Object.fromEntries(params)).toEqual({
      query: "hello world",
      fromUserId: "u1",
      mentionsUserId: "u2",
      channelId: "c1",
      has: "link",
      cursor: "cur",
    });
    expect(Object.fromEntries(searchParams("x", noFilters, null))).toEqual({ query: "x" });
    // filters alone: the words are empty
    expect(Object.fromEntries(searchParams("", { ...noFilters, has: "image" }, null))).toEqual({
      query: "",
      has: "image",
    });
  });

  test("days are UTC days sent as dates: after a day means from the next day's start; before a day, up to its own", () => {
    const params = searchParams("x", { ...noFilters, after: "2030-01-31", before: "2030-03-01" }, null);
    expect(params.get("after")).toBe("2030-02-01");
    expect(params.get("before")).toBe("2030-03-01");
    expect(searchParams("x", { ...noFilters, after: "2028-02-28" }, null).get("after")).toBe("2028-02-29");
    expect(searchParams("x", { ...noFilters, after: "2030-12-31" }, null).get("after")).toBe("2031-01-01");
  });

  test("whether any filter is set, and whether a search can run", () => {
    expect(hasFilters(noFilters)).toBe(false);
    expect(hasFilters({ ...noFilters, before: "2030-01-01" })).toBe(true);
    expect(hasFilters({ ...noFilters, mentions: ann })).toBe(true);
    expect(hasFilters({ ...noFilters, channel: general })).toBe(true);
    expect(canSearch("  ", noFilters)).toBe(false);
    expect(canSearch("x", noFilters)).toBe(true);
    expect(canSearch("", { ...noFilters, from: ann })).toBe(true);
  });
});

describe("filter tokens", () => {
  test("the box's tokens, in a fixed order, with what each shows", () => {
    expect(filterChips(noFilters)).toEqual([]);
    const all = {
      from: ann,
      mentions: bob,
      channel: general,
      has: "voice" as const,
      after: "2030-01-01",
      before: "2030-02-01",
    };
    expect(filterChips(all)).toEqual([
      { key: "from", label: "from: Ann" },
      { key: "mentions", label: "mentions: Bob B" },
      { key: "in", label: "in: #general" },
      { key: "has", label: "has: voice" },
      { key: "after", label: "after: 2030-01-01" },
      { key: "before", label: "before: 2030-02-01" },
    ]);
  });

  test("removing a token clears only its filter", () => {
    const all = {
      from: ann,
      mentions: bob,
      channel: general,
      has: "voice" as const,
      after: "2030-01-01",
      before: "2030-02-01",
    };
    expect(withoutFilter(all, "in")).toEqual({ ...all, channel: null });
    expect(withoutFilter(all, "from")).toEqual({ ...all, from: null });
    expect(withoutFilter(all, "mentions")).toEqual({ ...all, mentions: null });
    expect(withoutFilter(all, "has")).toEqual({ ...all, has: "" });
    expect(withoutFilter(all, "before")).toEqual({ ...all, before: "" });
    expect(withoutFilter(withoutFilter(all, "after"), "before")).toEqual({ ...all, after: "", before: "" });
  });

  test("typed has: / before: / after: values replace those set; the rest stays", () => {
    const filters = { ...noFilters, from: ann, has: "image" as const };
    expect(withTypedFilters(filters, { has: "link", after: "2030-01-01" })).toEqual({
      ...filters,
      has: "link",
      after: "2030-01-01",
    });
    expect(withTypedFilters(filters, {})).toEqual(filters);
  });
});

describe("results", () => {
  const page = (ids: string[], nextCursor: string | null) => ({ results: ids.map((id) => result(id)), nextCursor });

  test("a new search clears what was shown and remembers its words and filters, keeping the typed text", () => {
    const shown = { ...emptySearch, text: "typed", shown: "old", results: [result("1")], nextCursor: "c" };
    const filters = { ...noFilters, has: "file" as const };
    expect(searchStarted(shown, "new", filters)).toEqual({
      text: "typed",
      filters,
      shown: "new",
      searched: filters,
      results: null,
      nextCursor: null,
    });
  });

  test("the first page replaces the results; Load more adds the next", () => {
    const first = resultsArrived(searchStarted(emptySearch, "q", noFilters), page(["1", "2"], "c2"), false);
    expect(first.results?.map((r) => r.id)).toEqual(["1", "2"]);
    expect(first.nextCursor).toBe("c2");
    const more = resultsArrived(first, page(["3"], null), true);
    expect(more.results?.map((r) => r.id)).toEqual(["1", "2", "3"]);
    expect(more.nextCursor).toBeNull();
  });

  test("a failed search shows no results; a failed Load more keeps those shown", () => {
    const searching = searchStarted(emptySearch, "q", noFilters);
    expect(searchFailed(searching, false).results).toEqual([]);
    const shown = resultsArrived(searching, page(["1"], "c2"), false);
    expect(searchFailed(shown, true)).toBe(shown);
  });

  test("the heading counts them", () => {
    expect(resultsHeading(0, false)).toBe("No results");
    expect(resultsHeading(1, false)).toBe("1 result");
    expect(resultsHeading(25, true)).toBe("25+ results");
  });

  test("a result opens its channel at the message; a thread reply opens the thread beside its channel", () => {
    expect(resultPath("k1", result("01 A"))).toBe("/c/k1/c1?m=01%20A");
    expect(resultPath("k1", result("02", { channelId: "t1", threadParentId: "c1" }))).toBe("/c/k1/c1?thread=t1&m=02");
  });
});

describe("terms, snippets and highlights", () => {
  test("terms: the query's words in lower case, once each, longest first", () => {
    expect(termsOf("Hello, hello WORLD — ça")).toEqual(["hello", "world", "ça"]);
    expect(termsOf("  ")).toEqual([]);
  });

  test("highlights mark whole words that start with a term, case-insensitive, not inside words", () => {
    const parts = highlightParts("Deploying the deploy; redeploy later", ["deploy"]);
    expect(parts.filter((p) => p.match).map((p) => p.text)).toEqual(["Deploying", "deploy"]);
    expect(parts.map((p) => p.text).join("")).toBe("Deploying the deploy; redeploy later");
  });

  test("terms are matched as text, not as patterns", () => {
    expect(
      highlightParts("a.b axb", ["a.b"])
        .filter((p) => p.match)
        .map((p) => p.text),
    ).toEqual(["a.b"]);
  });

  test("no terms: the text as it is", () => {
    expect(highlightParts("plain", [])).toEqual([{ text: "plain", match: false, index: 0 }]);
    expect(highlightParts("", ["x"])).toEqual([]);
  });

  test("a short message is its own snippet, whitespace collapsed", () => {
    expect(snippetOf("  one\n\n two  ", ["two"])).toBe("one two");
  });

  test("a long message is cut around its first match, with ellipses where it was cut", () => {
    const content = `${"a".repeat(300)} needle ${"b".repeat(300)}`;
    const snippet = snippetOf(content, ["needle"]);
    expect(snippet.startsWith("…")).toBe(true);
    expect(snippet.endsWith("…")).toBe(true);
    expect(snippet).toContain("needle");
    expect(snippet.length).toBe(SNIPPET_CHARS + 2);
    const early = snippetOf(`needle ${"c".repeat(400)}`, ["needle"]);
    expect(early.startsWith("needle")).toBe(true);
  });
});
