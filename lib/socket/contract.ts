import type { Socket } from "socket.io";
import type { z } from "zod";
import type { Actor } from "../domain/actor";
import { ErrorCode, toFailure, toResult, type Failure, type Result } from "../errors";
import type {
  AnsweredEvent,
  ClientToServerEvents,
  EventData,
  EventPayload,
  InterServerEvents,
  ServerToClientEvents,
  SocketData,
  UnansweredEvent,
} from "../realtime/events";
import { coolOff, EventBudget, eventClass, payloadBytes, payloadTooLarge, takeUserEventTurn } from "./abuse";

export type ChatSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/**
 * A schema for an event's payload, both ways: what it lets through is a payload the event map
 * describes, and every payload the event map lets a client send gets through it (else: a compile error).
 */
type PayloadSchema<S extends z.ZodType, P> = S &
  ([P] extends [z.input<S>] ? unknown : { "the schema refuses payloads the event map allows": P });

/**
 * Registers a handler for an answered event. Its payload is what the event map says the client sends,
 * parsed by `schema` (a failure answers 6002001); what `run` returns is the data the event map says the
 * client is answered with, so a domain function whose result changes no longer compiles here.
 */
export type Answer = <E extends AnsweredEvent, S extends z.ZodType<EventPayload<E>>>(
  event: E,
  schema: PayloadSchema<S, EventPayload<E>>,
  run: (payload: EventPayload<E>) => Promise<EventData<E>>,
) => void;

/** Registers a handler for an event without an answer: refusals and invalid payloads are dropped. */
export type Listen = <E extends UnansweredEvent, S extends z.ZodType<EventPayload<E>>>(
  event: E,
  schema: PayloadSchema<S, EventPayload<E>>,
  run: (payload: EventPayload<E>) => unknown,
) => void;

/** What every feature's handlers get: the socket, whom it acts for, and the two ways to handle an event. */
export type HandlerContext = {
  socket: ChatSocket;
  actor: Actor;
  /** Settles once the socket's rooms are joined: false when the socket is gone (events are then dropped). */
  ready: Promise<boolean>;
  answer: Answer;
  listen: Listen;
};

const notAnAck = () => {};
/** A client may emit without an ack callback, or with junk: never let that throw. */
const ackOf = (ack: unknown): ((result: Result<unknown>) => void) =>
  typeof ack === "function" ? (result) => void ack(result) : notAnAck;

/**
 * `answer` and `listen` for one socket. Every event first passes the socket's budgets and size limit
 * (lib/socket/abuse.ts), then waits for `ready`, then has its payload parsed, then runs.
 */
export function eventHandlers(
  socket: ChatSocket,
  actor: Actor,
  ready: Promise<boolean>,
): Pick<HandlerContext, "answer" | "listen"> {
  const budget = new EventBudget();
  /** The refusal of an event over budget (a socket that keeps flooding is closed). */
  const tooMany = (waitMs: number): Failure => {
    if (budget.flooding() && socket.connected) {
      void coolOff(actor.userId).catch(toFailure);
      socket.disconnect(true);
    }
    return {
      ok: false,
      code: ErrorCode.RATE_LIMITED,
      message: "Too many requests at once. Slow down and try again.",
      retryAfterMs: waitMs,
    };
  };
  /**
   * Null when the event may run; otherwise its refusal. This socket's own budget and size are judged
   * at once, so a flood is answered without waiting; the budget all the user's sockets share is asked after.
   */
  const refusal = (event: keyof ClientToServerEvents, payload: unknown): Failure | Promise<Failure | null> | null => {
    const kind = eventClass[event];
    const waitMs = budget.take(kind);
    if (waitMs) return tooMany(waitMs);
    if (payloadTooLarge(payload, payloadBytes(event)))
      return { ok: false, code: ErrorCode.INVALID_INPUT, message: "This request is too large." };
    return takeUserEventTurn(actor.userId, kind).then(
      (userWaitMs) => (userWaitMs ? (budget.noteRefusal(), tooMany(userWaitMs)) : null),
      (error) => (toFailure(error), null), // the shared count is unavailable: this socket's budget still holds
    );
  };

  const answer: Answer = (event, schema, run) => {
    // Widened to every event: socket.on then takes a listener fit for any of them (ours takes unknowns).
    const name: keyof ClientToServerEvents = event;
    socket.on(name, async (payload: unknown, ack?: unknown) => {
      // emit(event, ack) without a payload: the ack comes first
      if (typeof payload === "function" && ack === undefined) [payload, ack] = [{}, payload];
      const respond = ackOf(ack);
      const refused = refusal(event, payload);
      if (refused && !(refused instanceof Promise)) return respond(refused);
      const refusedLater = await refused;
      if (refusedLater) return respond(refusedLater);
      if (!(await ready)) return;
      respond(await toResult(() => run(schema.parse(payload))));
    });
  };

  const listen: Listen = (event, schema, run) => {
    const name: keyof ClientToServerEvents = event;
    socket.on(name, async (payload: unknown) => {
      if ((await refusal(event, payload)) || !(await ready)) return;
      await toResult(async () => run(schema.parse(payload))); // a failure is logged if unexpected, never thrown into the process
    });
  };

  return { answer, listen };
}
