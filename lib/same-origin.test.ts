import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ErrorCode, httpInit } from "./errors";
import { foreignOriginRefusal, isOwnOrigin, isSameOriginRequest } from "./same-origin";

/** A POST addressed to http://localhost:3000, as Next hands it to a route handler (X-Forwarded-Proto filled in). */
const post = (headers: Record<string, string>) =>
  new Headers({ host: "localhost:3000", "x-forwarded-proto": "http", ...headers });

const publicUrl = process.env.NEXTAUTH_URL;
beforeEach(() => void delete process.env.NEXTAUTH_URL);
afterEach(() => {
  if (publicUrl === undefined) delete process.env.NEXTAUTH_URL;
  else process.env.NEXTAUTH_URL = publicUrl;
});

describe("isSameOriginRequest", () => {
  it("allows the app's own origin", () => {
    expect(isSameOriginRequest(post({ origin: "http://localhost:3000" }))).toBe(true);
  });

  it("refuses another port, another host, the null origin, another scheme and junk", () => {
    for (const origin of [
      "http://localhost:1",
      "http://localhost",
      "http://evil.example",
      "http://localhost.evil.example:3000",
      "null",
      "https://localhost:3000",
      "",
      "not a url",
    ]) {
      expect(isSameOriginRequest(post({ origin })), origin).toBe(false);
    }
  });

  it("allows the configured public URL (a proxy in front) and compares its scheme", () => {
    process.env.NEXTAUTH_URL = "https://chat.example/";
    const behindProxy = (origin: string) =>
      new Headers({ host: "127.0.0.1:3000", "x-forwarded-proto": "http", origin });
    expect(isSameOriginRequest(behindProxy("https://chat.example"))).toBe(true);
    expect(isSameOriginRequest(behindProxy("http://chat.example"))).toBe(false);
    expect(isSameOriginRequest(behindProxy("https://chat.example:8443"))).toBe(false);
  });

  it("takes the scheme a proxy forwards (the first of a chain)", () => {
    const forwarded = (proto: string, origin: string) =>
      new Headers({ host: "chat.example", "x-forwarded-proto": proto, origin });
    expect(isSameOriginRequest(forwarded("https", "https://chat.example"))).toBe(true);
    expect(isSameOriginRequest(forwarded("https, http", "https://chat.example"))).toBe(true);
    expect(isSameOriginRequest(forwarded("https", "http://chat.example"))).toBe(false);
  });

  it("without Origin, judges Sec-Fetch-Site, then Referer", () => {
    expect(isSameOriginRequest(post({ "sec-fetch-site": "same-origin" }))).toBe(true);
    expect(isSameOriginRequest(post({ "sec-fetch-site": "none" }))).toBe(true);
    expect(isSameOriginRequest(post({ "sec-fetch-site": "same-site" }))).toBe(false);
    expect(isSameOriginRequest(post({ "sec-fetch-site": "cross-site" }))).toBe(false);
    // Sec-Fetch-Site wins over a Referer that claims otherwise
    expect(isSameOriginRequest(post({ "sec-fetch-site": "cross-site", referer: "http://localhost:3000/c/1" }))).toBe(
      false,
    );
    expect(isSameOriginRequest(post({ referer: "http://localhost:3000/c/1/2" }))).toBe(true);
    expect(isSameOriginRequest(post({ referer: "http://localhost:1/attack" }))).toBe(false);
    expect(isSameOriginRequest(post({ referer: "about:blank" }))).toBe(false);
  });

  it("allows a request with none of them (curl or a script holding the cookie: not a forged browser request)", () => {
    expect(isSameOriginRequest(post({}))).toBe(true);
  });
});

describe("isOwnOrigin (the socket handshake's notion: hosts, no scheme)", () => {
  it("compares the host when the scheme is unknown, and refuses what does not parse", () => {
    expect(isOwnOrigin("http://localhost:3000", { host: "localhost:3000" })).toBe(true);
    expect(isOwnOrigin("https://localhost:3000", { host: "localhost:3000" })).toBe(true);
    expect(isOwnOrigin("http://localhost:1", { host: "localhost:3000" })).toBe(false);
    expect(isOwnOrigin("null", { host: "localhost:3000" })).toBe(false);
    expect(isOwnOrigin("http://localhost:3000", { host: undefined })).toBe(false);
  });
});

describe("foreignOriginRefusal", () => {
  it("answers 403 with 'no permission' in the result shape, or nothing for the app's own pages", () => {
    const refusal = foreignOriginRefusal(post({ origin: "http://localhost:1" }))!;
    expect(refusal).toMatchObject({
      ok: false,
      code: ErrorCode.NO_PERMISSION,
      message: expect.stringMatching(/another site/),
    });
    expect(httpInit(refusal).status).toBe(403);
    expect(foreignOriginRefusal(post({ origin: "http://localhost:3000" }))).toBeNull();
  });
});
