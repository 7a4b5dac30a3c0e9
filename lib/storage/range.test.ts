import { describe, expect, it } from "vitest";
import { contentRange, parseByteRange } from "./range";

const size = 10_000;

describe("parseByteRange (RFC 9110 §14)", () => {
  it.each([
    ["bytes=0-1023", { kind: "partial", start: 0, end: 1023 }],
    ["bytes=0-0", { kind: "partial", start: 0, end: 0 }],
    ["bytes=9999-9999", { kind: "partial", start: 9999, end: 9999 }],
    // last-pos past the end is clamped to the last byte
    ["bytes=9000-20000", { kind: "partial", start: 9000, end: 9999 }],
    ["bytes=0-99999999999999999999999", { kind: "partial", start: 0, end: 9999 }],
    // open range: to the end
    ["bytes=100-", { kind: "partial", start: 100, end: 9999 }],
    ["bytes=0-", { kind: "partial", start: 0, end: 9999 }],
    // suffix range: the last N bytes, or the whole file when it is shorter
    ["bytes=-500", { kind: "partial", start: 9500, end: 9999 }],
    ["bytes=-10000", { kind: "partial", start: 0, end: 9999 }],
    ["bytes=-20000", { kind: "partial", start: 0, end: 9999 }],
    // the unit is case-insensitive; whitespace around list elements is allowed
    ["Bytes=0-9", { kind: "partial", start: 0, end: 9 }],
    ["bytes= 0-9 ", { kind: "partial", start: 0, end: 9 }],
    ["bytes=0-9,", { kind: "partial", start: 0, end: 9 }],
  ])("%s → 206", (header, expected) => {
    expect(parseByteRange(header, size)).toEqual(expected);
  });

  it.each([
    ["bytes=10000-", "starts at the end"],
    ["bytes=10000-10005", "starts at the end"],
    ["bytes=99999999999999999999999-", "starts far past the end"],
    ["bytes=-0", "asks for the last 0 bytes"],
  ])("%s → 416 (%s)", (header, _why) => {
    const selection = parseByteRange(header, size);
    expect(selection).toEqual({ kind: "unsatisfiable" });
    expect(contentRange(selection, size)).toBe("bytes */10000");
  });

  it.each([
    [null, "no header"],
    [undefined, "no header"],
    ["", "empty"],
    ["bytes=", "no range"],
    ["bytes=-", "neither end"],
    ["bytes=5-2", "last before first: an invalid range-spec is ignored, not refused"],
    ["bytes=abc", "not numbers"],
    ["bytes=1.5-2", "not integers"],
    ["bytes=-1-2", "negative"],
    ["bytes=0x10-", "hex"],
    ["bytes 0-9", "no ="],
    ["items=0-9", "another unit"],
    ["bytes=0-1,5-9", "several ranges (no multipart/byteranges)"],
    ["bytes=0-1, 20000-", "several ranges, one unsatisfiable"],
    ["bytes=-0,-0", "several ranges"],
  ])("%s → 200 whole file (%s)", (header, _why) => {
    const selection = parseByteRange(header, size);
    expect(selection).toEqual({ kind: "full" });
    expect(contentRange(selection, size)).toBeNull();
  });

  it("ignores Range when If-Range is sent (we send no validator it could match)", () => {
    expect(parseByteRange("bytes=0-9", size, '"etag"')).toEqual({ kind: "full" });
    expect(parseByteRange("bytes=0-9", size, null)).toEqual({ kind: "partial", start: 0, end: 9 });
  });

  it("an empty file is always sent whole (no byte of it can be named in a Content-Range)", () => {
    for (const header of ["bytes=0-", "bytes=-500", "bytes=0-0", "bytes=-0"])
      expect(parseByteRange(header, 0)).toEqual({ kind: "full" });
  });

  it("writes Content-Range for a 206", () => {
    expect(contentRange(parseByteRange("bytes=-500", size), size)).toBe("bytes 9500-9999/10000");
    expect(contentRange(parseByteRange("bytes=100-", size), size)).toBe("bytes 100-9999/10000");
  });
});
