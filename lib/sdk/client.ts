/**
 * The TypeScript SDK of /api/v1: one method per operation, named by its operationId
 * (`sendChannelMessage`, `queryCommunityMemberList`…), typed from the OpenAPI document
 * (lib/sdk/generated/, made by scripts/generate-sdk.ts). A method takes one object: the path
 * parameters, the query and the body's fields together; it resolves with the answer's `data` and
 * throws a ChatApiError with SPEC.md's code otherwise. Runs in Node 18+ and browsers (fetch).
 */
import type { operations } from "./generated/openapi";
import { operationTable } from "./generated/operations";

type OperationId = keyof typeof operationTable & keyof operations;

type PathOf<Op> = Op extends { parameters: { path: infer P } } ? (P extends object ? P : unknown) : unknown;
type QueryOf<Op> = Op extends { parameters: { query?: infer Q } } ? (Q extends object ? Q : unknown) : unknown;
type BodyOf<Op> = Op extends { requestBody: { content: { "application/json": infer B } } } ? B : unknown;
type DataOf<Op> = Op extends { responses: { 200: { content: { "application/json": { data: infer D } } } } } ? D : never;

/** What a method takes: path parameters, query and body fields in one object. */
export type ArgsOf<Id extends OperationId> = PathOf<operations[Id]> &
  QueryOf<operations[Id]> &
  (BodyOf<operations[Id]> extends object ? BodyOf<operations[Id]> : unknown);
/** What a method resolves with. */
export type ResultOf<Id extends OperationId> = DataOf<operations[Id]>;

type Method<Id extends OperationId> =
  Partial<ArgsOf<Id>> extends ArgsOf<Id>
    ? (args?: ArgsOf<Id>) => Promise<ResultOf<Id>>
    : (args: ArgsOf<Id>) => Promise<ResultOf<Id>>;

export type ChatClient = { [Id in OperationId]: Method<Id> };

/** A refusal: SPEC.md's `code`, a readable `message`, the HTTP status, and for 429 how long to wait. */
export class ChatApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly fieldErrors?: Record<string, string[]>,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "ChatApiError";
  }
}

export type ChatClientOptions = {
  /** the app's address, e.g. http://localhost:3000 */
  baseUrl: string;
  /** a personal access token or a bot's token */
  token: string;
  /** another fetch (tests, proxies) */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
};

/** A client for /api/v1 acting with `token`. */
export function createChatClient({ baseUrl, token, fetch: send = fetch }: ChatClientOptions): ChatClient {
  const root = baseUrl.replace(/\/+$/, "") + "/api/v1";
  const call = async (id: OperationId, args: Record<string, unknown> = {}) => {
    const operation = operationTable[id];
    const rest = { ...args };
    const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = rest[name];
      delete rest[name];
      if (typeof value !== "string" || !value) throw new TypeError(`${id}: ${name} is required`);
      return encodeURIComponent(value);
    });
    const query = new URLSearchParams();
    for (const name of operation.query as readonly string[]) {
      const value = rest[name];
      delete rest[name];
      if (value !== undefined && value !== null)
        query.set(name, value instanceof Date ? value.toISOString() : String(value));
    }
    const response = await send(`${root}${path}${query.size ? `?${query}` : ""}`, {
      method: operation.method,
      headers: {
        authorization: `Bearer ${token}`,
        accept: "application/json",
        ...(operation.body ? { "content-type": "application/json" } : {}),
      },
      body: operation.body ? JSON.stringify(rest) : undefined,
    });
    const answer = (await response.json().catch(() => null)) as
      | { ok: true; data: unknown }
      | { ok: false; code: number; message: string; fieldErrors?: Record<string, string[]>; retryAfterMs?: number }
      | null;
    if (answer?.ok) return answer.data;
    throw new ChatApiError(
      response.status,
      answer?.code ?? 6001002,
      answer?.message ?? `The server answered ${response.status}.`,
      answer?.fieldErrors,
      answer?.retryAfterMs,
    );
  };
  return Object.fromEntries(
    Object.keys(operationTable).map((id) => [id, (args?: Record<string, unknown>) => call(id as OperationId, args)]),
  ) as unknown as ChatClient;
}
