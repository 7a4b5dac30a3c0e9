import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * How event deliveries are signed (Slack's scheme): HMAC-SHA256 with the subscription's secret over
 * `v1:<timestamp>:<body>`, sent as `X-Chat-Signature: v1=<hex>` with `X-Chat-Timestamp: <unix seconds>`.
 * A receiver recomputes it over the raw body and refuses timestamps outside its replay window.
 */
export const SIGNATURE_HEADER = "x-chat-signature";
export const TIMESTAMP_HEADER = "x-chat-timestamp";
/** How old a delivery's timestamp may be (either way) before a receiver refuses it. */
export const REPLAY_WINDOW_SECONDS = 300;

export const signatureOf = (secret: string, timestamp: number, body: string) =>
  `v1=${createHmac("sha256", secret).update(`v1:${timestamp}:${body}`).digest("hex")}`;

/** The signing headers of one delivery attempt. */
export function signedHeaders(secret: string, body: string, at: Date): Record<string, string> {
  const timestamp = Math.floor(at.getTime() / 1000);
  return { [SIGNATURE_HEADER]: signatureOf(secret, timestamp, body), [TIMESTAMP_HEADER]: String(timestamp) };
}

/**
 * For receivers: whether a delivery is authentic and fresh. `body` is the raw request body, the
 * headers as received; `now` the receiver's clock.
 */
export function verifyDelivery(
  secret: string,
  body: string,
  headers: { signature: string | null | undefined; timestamp: string | null | undefined },
  now: Date = new Date(),
): boolean {
  const timestamp = Number(headers.timestamp);
  if (!headers.signature || !Number.isInteger(timestamp)) return false;
  if (Math.abs(Math.floor(now.getTime() / 1000) - timestamp) > REPLAY_WINDOW_SECONDS) return false;
  const expected = Buffer.from(signatureOf(secret, timestamp, body));
  const given = Buffer.from(headers.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
