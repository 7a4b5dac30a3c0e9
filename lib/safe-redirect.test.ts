import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "./safe-redirect";

const app = "https://chat.example";
/** What a page receives for `?callbackUrl=<raw>`: the query decoded, as Next hands over searchParams. */
const fromQuery = (raw: string) => new URLSearchParams(`callbackUrl=${raw}`).get("callbackUrl");

const hostile = [
  "/\t/evil.example",
  "/\n/evil",
  "/\r/evil",
  "\r",
  "/\r\nSet-Cookie: a=b",
  "/\u0000/evil",
  "/\u0085/evil",
  "//evil",
  "///evil",
  "/\\evil",
  "/\\/evil",
  "\\\\evil",
  "https://evil.example",
  "http:evil.example",
  "javascript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  " /x",
  " //evil",
  "/.//evil",
  "/..//evil",
  "/a/..//evil",
  "/%2e//evil",
  "/%2e%2e//evil",
  "//evil:99999",
  "evil",
  "",
];
const hostileQueries = [
  "/%09/evil.example",
  "/%0a/evil",
  "/%0d/evil",
  "%0D%0A",
  "/%5Cevil",
  "//%65vil",
  "%2F%2Fevil",
  "/%2e//evil",
];

describe("safeCallbackUrl", () => {
  it.each(hostile)("refuses %j", (candidate) => {
    expect(safeCallbackUrl(candidate)).toBe("/");
  });

  it.each(hostileQueries)("refuses ?callbackUrl=%s as the page receives it", (raw) => {
    expect(safeCallbackUrl(fromQuery(raw))).toBe("/");
  });

  it("keeps same-site paths with their query and fragment", () => {
    expect(safeCallbackUrl("/c/abc/def?m=1#x")).toBe("/c/abc/def?m=1#x");
    expect(safeCallbackUrl(fromQuery(encodeURIComponent("/c/abc/def?m=1#x")))).toBe("/c/abc/def?m=1#x");
    expect(safeCallbackUrl("/")).toBe("/");
    expect(safeCallbackUrl("/invite/abc")).toBe("/invite/abc");
  });

  it("answers the parsed URL, so what it returns is where the browser goes", () => {
    // percent-encoded slashes and line breaks stay encoded: a path segment on this site, not a host or a header break
    expect(safeCallbackUrl("/%2F%2Fevil")).toBe("/%2F%2Fevil");
    expect(safeCallbackUrl("/%0D%0Aevil")).toBe("/%0D%0Aevil");
    expect(safeCallbackUrl("/%09/evil.example")).toBe("/%09/evil.example");
    expect(safeCallbackUrl("/a/../b")).toBe("/b");
    expect(safeCallbackUrl("/x y?q=é#ü")).toBe("/x%20y?q=%C3%A9#%C3%BC");
  });

  it("takes the first of repeated parameters, and the fallback for none", () => {
    expect(safeCallbackUrl(["/first", "//evil"])).toBe("/first");
    expect(safeCallbackUrl(["//evil", "/second"])).toBe("/");
    expect(safeCallbackUrl(undefined, "/home")).toBe("/home");
    expect(safeCallbackUrl(null)).toBe("/");
  });

  it("never answers a target that leaves the site or cannot be a header value", () => {
    const answers = [
      ...hostile,
      ...hostileQueries.map(fromQuery),
      "/%2F%2Fevil",
      "/%0D%0Aevil",
      "/c/abc/def?m=1#x",
    ].map((candidate) => safeCallbackUrl(candidate));
    for (const answer of answers) {
      expect(new URL(answer, `${app}/login`).origin).toBe(app);
      expect(answer).toMatch(/^\/(?!\/)[\x21-\x7e]*$/); // printable ASCII only, no "//" start
      expect(answer).not.toContain("\\");
    }
  });
});
