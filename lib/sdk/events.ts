/**
 * For a receiver of outgoing events: check a delivery's signature and freshness over the raw body,
 * e.g. `verifyDelivery(secret, rawBody, { signature: req.headers["x-chat-signature"], timestamp: req.headers["x-chat-timestamp"] })`.
 */
export { REPLAY_WINDOW_SECONDS, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyDelivery } from "../outbound/signature";
export { eventTypes, type EventType } from "../schemas/subscription";
