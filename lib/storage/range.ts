import type { ByteRange } from "./index";

/**
 * What to answer a GET with a `Range` header (RFC 9110 §14), for a file of `size` bytes:
 * - `full`: 200 with the whole file — no Range header, or one we ignore, as §14.2 lets a server do:
 *   a unit other than `bytes`, a malformed header or range-spec (e.g. `bytes=5-2`, `bytes=abc`),
 *   more than one range (`bytes=0-1,5-9`: we send no multipart/byteranges; media players ask for one),
 *   an `If-Range` header (we send no validators, so none can match: §13.1.5 then says ignore Range),
 *   or an empty file (no byte range of it can be written in a Content-Range).
 * - `partial`: 206 with bytes start..end (inclusive), end clamped to the last byte; a suffix range
 *   (`bytes=-500`) is the last 500 bytes, or the whole file when it is shorter; an open range
 *   (`bytes=100-`) runs to the end.
 * - `unsatisfiable`: 416 with `Content-Range: bytes *\/size` — a well-formed single range that starts
 *   at or past the end (`bytes=<size>-`) or asks for the last 0 bytes (`bytes=-0`).
 */
export type RangeSelection = { kind: "full" } | ({ kind: "partial" } & ByteRange) | { kind: "unsatisfiable" };

const FULL = { kind: "full" } as const;
const UNSATISFIABLE = { kind: "unsatisfiable" } as const;

// range-spec: first-pos "-" [ last-pos ] | "-" suffix-length (digits only, RFC 9110 §14.1.1)
const rangeSpec = /^(?:(\d+)-(\d*)|-(\d+))$/;

export function parseByteRange(
  header: string | null | undefined,
  size: number,
  ifRange?: string | null,
): RangeSelection {
  if (header == null || ifRange != null || size <= 0) return FULL;
  const equals = header.indexOf("=");
  if (equals < 0 || header.slice(0, equals).trim().toLowerCase() !== "bytes") return FULL;
  // range-set is a list (1#range-spec): optional whitespace around commas, empty elements allowed
  const specs = header
    .slice(equals + 1)
    .split(",")
    .map((spec) => spec.trim())
    .filter(Boolean);
  if (specs.length !== 1) return FULL;
  const match = rangeSpec.exec(specs[0]);
  if (!match) return FULL;
  const [, first, last, suffix] = match;
  if (suffix !== undefined) {
    const length = Number(suffix);
    if (length === 0) return UNSATISFIABLE;
    return { kind: "partial", start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(first);
  const end = last === "" ? Number.POSITIVE_INFINITY : Number(last); // open range: to the end
  if (end < start) return FULL; // an invalid range-spec (§14.1.1), not an unsatisfiable one
  if (start >= size) return UNSATISFIABLE;
  return { kind: "partial", start, end: Math.min(end, size - 1) };
}

/** `Content-Range` for a 206 (`bytes 0-1023/4096`) or a 416 (`bytes *\/4096`). */
export function contentRange(selection: RangeSelection, size: number): string | null {
  if (selection.kind === "partial") return `bytes ${selection.start}-${selection.end}/${size}`;
  if (selection.kind === "unsatisfiable") return `bytes */${size}`;
  return null;
}
