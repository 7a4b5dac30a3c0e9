import { ErrorCode, type Failure, type Result } from "@/lib/error-codes";
import type { AnsweredEvent, EventData, EventPayload } from "@/lib/realtime/events";
import type { ChatSocket } from "./socket-provider";

/**
 * Every acknowledged socket request of the client goes through here, with a timeout: an answer
 * that never comes (a dropped connection, a stuck server) ends as a failure the caller shows,
 * instead of a spinner or a button that waits forever.
 */

/** How long an answer may take; a send's ack waits for its transaction, so this is generous. */
export const REQUEST_TIMEOUT_MS = 10_000;
export const NO_ANSWER_MESSAGE = "The server did not answer. Check your connection and try again.";

/** The failure of a request that got no answer in time (GENERIC: no server code fits a missing answer). */
export const noAnswer = (): Failure => ({ ok: false, code: ErrorCode.GENERIC, message: NO_ANSWER_MESSAGE });

export type RequestOptions = { timeoutMs?: number };

/** The server's answer, or null when none came in time (for callers that treat "no answer" apart, like the outbox). */
export async function answerOrNull<E extends AnsweredEvent>(
  socket: ChatSocket,
  event: E,
  payload: EventPayload<E>,
  { timeoutMs = REQUEST_TIMEOUT_MS }: RequestOptions = {},
): Promise<Result<EventData<E>> | null> {
  // socket.io's typed emitWithAck does not accept an event name that is itself generic
  const timed = socket.timeout(timeoutMs) as unknown as {
    emitWithAck(event: string, payload: unknown): Promise<Result<EventData<E>>>;
  };
  try {
    return await timed.emitWithAck(event, payload);
  } catch {
    // the only rejection of a timed emitWithAck: no acknowledgement within the timeout
    return null;
  }
}

/** The server's answer, or a failure saying it did not answer, in the one result shape. */
export async function request<E extends AnsweredEvent>(
  socket: ChatSocket,
  event: E,
  payload: EventPayload<E>,
  options?: RequestOptions,
): Promise<Result<EventData<E>>> {
  return (await answerOrNull(socket, event, payload, options)) ?? noAnswer();
}
