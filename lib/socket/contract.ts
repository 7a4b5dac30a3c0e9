import type { Socket } from "socket.io";
import { metrics } from "../metrics";
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
  run: (payload: EventPayload<E>, context: HandlerContext) => Promise<EventData<E>>,
) => void;

/** Registers a handler for an event without an answer: refusals and invalid payloads are dropped. */
export type Listen = <E extends UnansweredEvent, S extends z.ZodType<EventPayload<E>>>(
  event: E,
  schema: PayloadSchema<S, EventPayload<E>>,
  run: (payload: EventPayload<E>, context: HandlerContext) => unknown,
) => void;

/** What a handler gets besides its payload: the socket and whom it acts for. */
export type HandlerContext = { socket: ChatSocket; actor: Actor };

/** Where every feature registers its handlers, once per server: the two ways to handle an event. */
export type HandlerRegistry = { answer: Answer; listen: Listen };

/** One connection as its events see it: its rooms are joined once `ready` settles true (false: the socket is gone, events are dropped). */
type Connection = HandlerContext & { ready: Promise<boolean>; budget: EventBudget };
type Dispatch = (connection: Connection, args: unknown[]) => void;

const notAnAck = () => {};
/** A client may emit without an ack callback, or with junk: never let that throw. */
const ackOf = (ack: unknown): ((result: Result<unknown>) => void) =>
  typeof ack === "function" ? (result) => void ack(result) : notAnAck;

/** The refusal of an event over budget (a socket that keeps flooding is closed). */
function tooMany({ socket, actor, budget }: Connection, waitMs: number): Failure {
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
}

/**
 * Null when the event may run; otherwise its refusal. This socket's own budget and size are judged
 * at once, so a flood is answered without waiting; the budget all the user's sockets share is asked after.
 */
function refusal(
  connection: Connection,
  event: keyof ClientToServerEvents,
  payload: unknown,
): Failure | Promise<Failure | null> | null {
  const kind = eventClass[event];
  if (connection.socket.data.readOnly && (kind === "write" || kind === "typing"))
    return { ok: false, code: ErrorCode.TOKEN_READ_ONLY, message: "This token may only read." };
  const waitMs = connection.budget.take(kind);
  if (waitMs) return tooMany(connection, waitMs);
  if (payloadTooLarge(payload, payloadBytes(event)))
    return { ok: false, code: ErrorCode.INVALID_INPUT, message: "This request is too large." };
  return takeUserEventTurn(connection.actor.userId, kind).then(
    (userWaitMs) => (userWaitMs ? (connection.budget.noteRefusal(), tooMany(connection, userWaitMs)) : null),
    (error) => (toFailure(error), null), // the shared count is unavailable: this socket's budget still holds
  );
}

/**
 * Every event's handler, registered once per server, and one listener per socket that routes its
 * events to them (nothing per event and socket: thousands of idle sockets stay small). Every event
 * first passes the socket's budgets and size limit (lib/socket/abuse.ts), then waits for the
 * socket's rooms, then has its payload parsed, then runs. Events without a handler are ignored.
 */
export class EventHandlers implements HandlerRegistry {
  private readonly handlers = new Map<string, Dispatch>();

  readonly answer: Answer = (event, schema, run) => {
    this.handlers.set(event, async (connection, [payload, ack]) => {
      // emit(event, ack) without a payload: the ack comes first
      if (typeof payload === "function" && ack === undefined) [payload, ack] = [{}, payload];
      const started = performance.now();
      const acked = ackOf(ack);
      const respond = (result: Result<unknown>) => {
        metrics.socketEvents.inc({ event, outcome: result.ok ? "ok" : String(result.code) });
        if (event === "message:send" && result.ok) metrics.sendDuration.observe((performance.now() - started) / 1000);
        acked(result);
      };
      const refused = refusal(connection, event, payload);
      if (refused && !(refused instanceof Promise)) return respond(refused);
      const refusedLater = await refused;
      if (refusedLater) return respond(refusedLater);
      if (!(await connection.ready)) return;
      respond(await toResult(() => run(schema.parse(payload), connection)));
    });
  };

  readonly listen: Listen = (event, schema, run) => {
    this.handlers.set(event, async (connection, [payload]) => {
      if ((await refusal(connection, event, payload)) || !(await connection.ready)) return;
      await toResult(async () => run(schema.parse(payload), connection)); // a failure is logged if unexpected, never thrown into the process
    });
  };

  /** Routes the socket's events to the handlers from now on. */
  attach(socket: ChatSocket, actor: Actor, ready: Promise<boolean>) {
    const connection: Connection = { socket, actor, ready, budget: new EventBudget() };
    socket.onAny((event: unknown, ...args: unknown[]) => {
      if (typeof event === "string" && socket.connected) this.handlers.get(event)?.(connection, args);
    });
  }
}
