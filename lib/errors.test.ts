import { describe, expect, it } from "vitest";
import { ErrorCode, httpInit, httpStatus, httpStatusOf, type ErrorCodeValue, type Failure } from "./errors";

const failure = (code: number, retryAfterMs?: number): Failure => ({
  ok: false,
  code,
  message: "",
  ...(retryAfterMs !== undefined && { retryAfterMs }),
});
const codes = Object.entries(ErrorCode) as [keyof typeof ErrorCode, ErrorCodeValue][];

describe("httpStatus", () => {
  it("gives every code an error status of its own table row, and the table names only known codes", () => {
    for (const [name, code] of codes) {
      const status = httpStatus(failure(code));
      expect(status, name).toBeGreaterThanOrEqual(400);
      expect(status, name).toBeLessThanOrEqual(599);
      expect(status, name).toBe(httpStatusOf[code]);
    }
    expect(Object.keys(httpStatusOf).map(Number).sort()).toEqual(codes.map(([, code]) => code).sort());
    // no two names share a number (a duplicate would hide one code's status)
    expect(new Set(codes.map(([, code]) => code)).size).toBe(codes.length);
  });

  it("answers 403 to an actor who may not do this, whatever the rule that refuses them", () => {
    const forbidden: (keyof typeof ErrorCode)[] = [
      "NO_PERMISSION",
      "NOT_IN_COMMUNITY",
      "NO_KICK_PERMISSION",
      "TARGET_RANK_NOT_LOWER",
      "OWNER_ONLY",
      "CANNOT_KICK_SELF",
      "CANNOT_BAN_SELF",
      "CANNOT_MUTE_SELF",
      "CANNOT_SET_OWNER",
      "CANNOT_CHANGE_OWN_ROLE",
      "BANNED",
      "MUTED",
      "CHANNEL_MUTED",
      "GENERAL_CHANNEL",
      "COMMUNITY_DISABLED",
    ];
    for (const name of forbidden) expect(httpStatus(failure(ErrorCode[name])), name).toBe(403);
  });

  it("answers 429 to every wait-and-retry code, and only to those", () => {
    const rate = new Set<keyof typeof ErrorCode>([
      "RATE_LIMITED",
      "SLOWMODE",
      "DOWNSTREAM_QUOTA_EXCEEDED",
      "TOO_MANY_CONNECTIONS",
    ]);
    for (const [name, code] of codes) expect(httpStatus(failure(code)) === 429, name).toBe(rate.has(name));
  });

  it("keeps the other classes: validation 400, sign-in 401, not found 404 (the admin console too), conflicts 409, files 413/415, ours 500", () => {
    const expected: Partial<Record<keyof typeof ErrorCode, number>> = {
      INVALID_INPUT: 400,
      MESSAGE_EMPTY: 400,
      MESSAGE_TOO_LONG: 400,
      EMPTY_FILE: 400,
      ATTRIBUTE_KEY_TOO_LONG: 400,
      UNAUTHENTICATED: 401,
      BAD_CREDENTIALS: 401,
      COMMUNITY_NOT_FOUND: 404,
      CHANNEL_NOT_FOUND: 404,
      USER_NOT_FOUND: 404,
      FILE_NOT_FOUND: 404,
      APP_ADMIN_ONLY: 404,
      ALREADY_IN_COMMUNITY: 409,
      USERNAME_TAKEN: 409,
      OWNER_CANNOT_LEAVE: 409,
      MEMBER_COUNT_LIMIT: 409,
      CHANNEL_COUNT_LIMIT: 409,
      INVITE_EXPIRED: 410,
      FILE_TOO_LARGE: 413,
      UNSUPPORTED_FILE: 415,
      GENERIC: 500,
      SERVER: 500,
    };
    for (const [name, status] of Object.entries(expected))
      expect(httpStatus(failure(ErrorCode[name as keyof typeof ErrorCode])), name).toBe(status);
  });

  it("a code outside the table: 400 inside our numbering, 500 outside it", () => {
    expect(httpStatus(failure(6002999))).toBe(400);
    expect(httpStatus(failure(6001000))).toBe(400);
    expect(httpStatus(failure(0))).toBe(500);
    expect(httpStatus(failure(-1))).toBe(500);
    expect(httpStatus(failure(Number.NaN))).toBe(500);
    expect(httpStatus(failure(6001001.5))).toBe(500);
    // inherited names of a plain object are not codes
    expect(httpStatus(failure("toString" as unknown as number))).toBe(500);
  });
});

describe("httpInit", () => {
  it("adds Retry-After (whole seconds, rounded up, at least 1) only to a 429 that names its wait", () => {
    expect(httpInit(failure(ErrorCode.RATE_LIMITED, 1500))).toEqual({ status: 429, headers: { "Retry-After": "2" } });
    expect(httpInit(failure(ErrorCode.SLOWMODE, 1))).toEqual({ status: 429, headers: { "Retry-After": "1" } });
    expect(httpInit(failure(ErrorCode.TOO_MANY_CONNECTIONS, 0), { "Cache-Control": "no-store" })).toEqual({
      status: 429,
      headers: { "Cache-Control": "no-store", "Retry-After": "1" },
    });
    expect(httpInit(failure(ErrorCode.RATE_LIMITED))).toEqual({ status: 429, headers: {} });
    // a wait on a failure that is not a 429 is not advertised
    for (const [name, code] of codes) {
      if (httpStatus(failure(code)) === 429) continue;
      expect(httpInit(failure(code, 5000)).headers, name).not.toHaveProperty("Retry-After");
    }
    expect(httpInit({ ok: true, data: 1 }, { "Cache-Control": "no-store" })).toEqual({
      status: 200,
      headers: { "Cache-Control": "no-store" },
    });
  });

  it("does not change the headers object it was given", () => {
    const headers = { "Cache-Control": "no-store" };
    httpInit(failure(ErrorCode.RATE_LIMITED, 3000), headers);
    expect(headers).toEqual({ "Cache-Control": "no-store" });
  });
});
