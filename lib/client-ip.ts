import type { IncomingHttpHeaders } from "node:http";
import { isIP } from "node:net";

/**
 * server.ts stamps every request with the caller's address under this header (after deleting any
 * copy the caller sent), so route handlers, next-auth and server actions can read it.
 */
export const CLIENT_IP_HEADER = "x-chat-client-ip";

/**
 * The address a request came from: the connection's peer, or with TRUST_PROXY=true (the app behind
 * one reverse proxy) the hop that proxy appended to X-Forwarded-For, its last entry. Earlier entries
 * are whatever the caller sent, so a client could pick any address there and escape per-address limits.
 */
export function clientIp(
  headers: IncomingHttpHeaders,
  remoteAddress: string | undefined,
  trustProxy = process.env.TRUST_PROXY === "true",
): string {
  if (trustProxy) {
    const forwarded = [headers["x-forwarded-for"] ?? []].flat().join(",");
    const hops = forwarded
      .split(",")
      .map((hop) => hop.trim())
      .filter(Boolean);
    const proxied = hops.length ? plainAddress(hops[hops.length - 1]!) : null;
    if (proxied) return proxied;
  }
  return plainAddress(remoteAddress ?? "") ?? "unknown";
}

/** An IP address without an IPv4-mapped IPv6 prefix ("::ffff:127.0.0.1"), port or brackets; null when it is not one. */
function plainAddress(value: string): string | null {
  let address = value.trim();
  const bracketed = address.match(/^\[([^\]]+)\](?::\d+)?$/);
  if (bracketed) address = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(":"));
  if (/^::ffff:[\d.]+$/i.test(address)) address = address.slice(7);
  return isIP(address) ? address.toLowerCase() : null;
}
