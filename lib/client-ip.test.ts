import { describe, expect, it } from "vitest";
import { clientIp } from "./client-ip";

describe("clientIp", () => {
  it("is the connection's peer, ignoring X-Forwarded-For unless the proxy is trusted", () => {
    expect(clientIp({}, "203.0.113.7", false)).toBe("203.0.113.7");
    expect(clientIp({ "x-forwarded-for": "198.51.100.1" }, "203.0.113.7", false)).toBe("203.0.113.7");
  });

  it("writes IPv4-mapped IPv6 peers as IPv4, and IPv6 in lower case", () => {
    expect(clientIp({}, "::ffff:127.0.0.1", false)).toBe("127.0.0.1");
    expect(clientIp({}, "2001:DB8::1", false)).toBe("2001:db8::1");
  });

  it("behind a trusted proxy, is the hop the proxy appended (the last), not what the caller wrote before it", () => {
    expect(clientIp({ "x-forwarded-for": "198.51.100.1" }, "10.0.0.2", true)).toBe("198.51.100.1");
    expect(clientIp({ "x-forwarded-for": "1.2.3.4, 198.51.100.1" }, "10.0.0.2", true)).toBe("198.51.100.1");
    expect(clientIp({ "x-forwarded-for": ["1.2.3.4", "198.51.100.1"] as unknown as string }, "10.0.0.2", true)).toBe(
      "198.51.100.1",
    );
    expect(clientIp({ "x-forwarded-for": "[2001:db8::5]:4711" }, "10.0.0.2", true)).toBe("2001:db8::5");
    expect(clientIp({ "x-forwarded-for": "198.51.100.1:4711" }, "10.0.0.2", true)).toBe("198.51.100.1");
  });

  it("falls back to the peer when the forwarded hop is missing or not an address", () => {
    expect(clientIp({}, "10.0.0.2", true)).toBe("10.0.0.2");
    expect(clientIp({ "x-forwarded-for": "" }, "10.0.0.2", true)).toBe("10.0.0.2");
    expect(clientIp({ "x-forwarded-for": "1.2.3.4, not-an-ip" }, "10.0.0.2", true)).toBe("10.0.0.2");
    expect(clientIp({}, undefined, false)).toBe("unknown");
  });

  it("reads TRUST_PROXY when not told", () => {
    const before = process.env.TRUST_PROXY;
    try {
      process.env.TRUST_PROXY = "true";
      expect(clientIp({ "x-forwarded-for": "198.51.100.1" }, "10.0.0.2")).toBe("198.51.100.1");
      process.env.TRUST_PROXY = "1";
      expect(clientIp({ "x-forwarded-for": "198.51.100.1" }, "10.0.0.2")).toBe("10.0.0.2");
    } finally {
      if (before === undefined) delete process.env.TRUST_PROXY;
      else process.env.TRUST_PROXY = before;
    }
  });
});
