import { ErrorCode, type Failure } from "./errors";

/** Where a request was addressed: its Host header and, when known, its scheme ("http" | "https"). */
export type AddressedTo = { host: string | null | undefined; scheme?: string };

/** The configured public URL's origin (NEXTAUTH_URL; server.ts sets it), if it parses. */
function publicOrigin(): string | undefined {
  try {
    return process.env.NEXTAUTH_URL ? new URL(process.env.NEXTAUTH_URL).origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether an Origin (or Referer) names this app: the configured public URL, or the host the request
 * was addressed to, with the same scheme when the caller knows it. "null" and junk are foreign.
 * Shared by the socket handshake and the route handlers.
 */
export function isOwnOrigin(origin: string, addressedTo: AddressedTo): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.origin === publicOrigin()) return true;
  const sameScheme = addressedTo.scheme === undefined || url.protocol === `${addressedTo.scheme}:`;
  return url.host === addressedTo.host && sameScheme;
}

/** The first of a comma-separated forwarded header (a chain of proxies lists the client's first). */
const firstValue = (value: string | null) => value?.split(",")[0]?.trim().toLowerCase() || undefined;

/**
 * Whether a state-changing HTTP request came from this app's own pages. Origin decides; without
 * it, Sec-Fetch-Site, then Referer. The scheme is X-Forwarded-Proto's (a proxy's, or the one Next
 * fills in from the connection): behind a TLS proxy that sends none, set NEXTAUTH_URL (README).
 */
export function isSameOriginRequest(headers: Headers): boolean {
  const addressedTo = { host: headers.get("host"), scheme: firstValue(headers.get("x-forwarded-proto")) };
  const origin = headers.get("origin");
  if (origin !== null) return isOwnOrigin(origin, addressedTo);
  const fetchSite = headers.get("sec-fetch-site");
  // "none": the user's own navigation (typed or bookmarked), never another page
  if (fetchSite !== null) return fetchSite === "same-origin" || fetchSite === "none";
  const referer = headers.get("referer");
  if (referer !== null) return isOwnOrigin(referer, addressedTo);
  // Nothing a browser sends: browsers send Origin on every cross-origin POST, so this is a script or
  // curl holding the user's cookie, not a forged request. The session alone decides, as for sockets.
  return true;
}

/** The refusal a route handler answers (403) when another origin's page sent the request. */
export function foreignOriginRefusal(headers: Headers): Failure | null {
  if (isSameOriginRequest(headers)) return null;
  return {
    ok: false,
    code: ErrorCode.NO_PERMISSION,
    message: "This request came from another site and was refused. Use the app itself to do this.",
  };
}
