import { lookup as dnsLookup, promises as dnsPromises, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";

/**
 * Requests this server makes to addresses users chose (a webhook's avatar, event deliveries).
 * Private, loopback, link-local and other non-public addresses are refused (SSRF), unless the host
 * is in OUTBOUND_ALLOWLIST (comma-separated host names or IPs, for self-hosted targets). The check
 * runs in the connection's own DNS lookup, so the address checked is the address connected to (no
 * DNS rebinding). Redirects are not followed; bodies are read up to a limit.
 */

export class OutboundRefused extends Error {}

const allowlist = () =>
  new Set(
    (process.env.OUTBOUND_ALLOWLIST ?? "")
      .split(",")
      .map((host) => host.trim().toLowerCase())
      .filter(Boolean),
  );

/** Whether an address is on the public internet (unicast, not private, loopback, link-local, …). */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range() === "unicast";
}

/**
 * Why this server will not send to `target` (not http(s), or a host that is or resolves to a
 * non-public address and is not allowlisted), or null when it will. Checked again on every request.
 */
export async function outboundRefusal(target: string): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return "This is not a URL.";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "Only http:// and https:// URLs are allowed.";
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (allowlist().has(host)) return null;
  const addresses = ipaddr.isValid(host)
    ? [host]
    : await dnsPromises.lookup(host, { all: true }).then(
        (found) => found.map((entry) => entry.address),
        () => null,
      );
  if (addresses === null) return `${host} could not be resolved.`;
  if (addresses.some((address) => !isPublicAddress(address)))
    return `${host} is a private, loopback or link-local address: this server does not send there (an administrator can allow it with OUTBOUND_ALLOWLIST).`;
  return null;
}

/** A DNS lookup that answers only public addresses (or any, for an allowlisted host). */
const guardedLookup =
  (allowed: boolean): LookupFunction =>
  (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, "", 0);
      const usable = allowed ? addresses : addresses.filter((entry) => isPublicAddress(entry.address));
      if (usable.length === 0) return callback(new OutboundRefused(`${hostname} is not a public address`), "", 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, usable);
      callback(null, usable[0].address, usable[0].family);
    });
  };

export type OutboundResponse = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

/**
 * One request to a user-chosen http(s) URL. Rejects with OutboundRefused for a refused address, a
 * body over `maxBytes` or a timeout; with the socket's error for a failed connection.
 */
export function outboundRequest(
  target: string,
  {
    method = "GET",
    headers = {},
    body,
    timeoutMs = 10_000,
    maxBytes = 1024 * 1024,
  }: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number; maxBytes?: number } = {},
): Promise<OutboundResponse> {
  return new Promise((resolve, reject) => {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      return reject(new OutboundRefused("not a URL"));
    }
    if (url.protocol !== "http:" && url.protocol !== "https:")
      return reject(new OutboundRefused("only http and https"));
    const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
    const allowed = allowlist().has(host);
    // a literal address does not go through DNS: judge it here
    if (ipaddr.isValid(host) && !allowed && !isPublicAddress(host))
      return reject(new OutboundRefused(`${host} is not a public address`));
    const client = url.protocol === "https:" ? https : http;
    const request = client.request(
      url,
      {
        method,
        headers: { "User-Agent": "community-chat", ...headers },
        lookup: guardedLookup(allowed),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            request.destroy(new OutboundRefused(`the answer is larger than ${maxBytes} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        response.on("end", () => {
          clearTimeout(deadline);
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) });
        });
      },
    );
    // the whole exchange, not only an idle socket, has to fit in timeoutMs
    const deadline = setTimeout(
      () => request.destroy(new OutboundRefused(`no answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    request.on("error", (error) => {
      clearTimeout(deadline);
      reject(error);
    });
    request.end(body);
  });
}
