import { z } from "zod";
import type { Actor } from "../domain/actor";

export type Method = "get" | "post" | "patch" | "put" | "delete";

type AnyObject = z.ZodObject | undefined;
type Parsed<S> = S extends z.ZodType ? z.output<S> : Record<string, never>;

/** What a route's `run` gets: its path parameters, query and body, parsed by the route's schemas. */
export type RouteInput<P, Q, B> = { params: Parsed<P>; query: Parsed<Q>; body: Parsed<B> };

/**
 * One /api/v1 route: the OpenAPI document is generated from these definitions and requests are
 * routed by them, so a route cannot exist undocumented. `run` is a thin adapter over one domain
 * call (the domain parses again with the same schemas and checks the actor).
 */
export type ApiRoute = {
  method: Method;
  /** OpenAPI style, below /api/v1: `/communities/{communityId}/members` */
  path: string;
  /** the SDK's method name */
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** the `data` of a success */
  response: z.ZodType;
  run: (actor: Actor, input: RouteInput<unknown, unknown, unknown>) => Promise<unknown>;
};

/** Defines a route; `run`'s result must be what `response` documents (a compile error otherwise). */
export function defineRoute<
  P extends AnyObject,
  Q extends AnyObject,
  B extends z.ZodType | undefined,
  R extends z.ZodType,
>(
  route: Omit<ApiRoute, "params" | "query" | "body" | "response" | "run"> & {
    params?: P;
    query?: Q;
    body?: B;
    response: R;
    run: (actor: Actor, input: RouteInput<P, Q, B>) => Promise<z.input<R>>;
  },
): ApiRoute {
  return route as ApiRoute;
}

/** A query parameter that is a number (query strings are text). */
export const queryNumber = <S extends z.ZodType>(schema: S) =>
  z.preprocess((value) => (typeof value === "string" && value !== "" ? Number(value) : value), schema);

/** A query parameter that is true or false. */
export const queryBoolean = <S extends z.ZodType>(schema: S) =>
  z.preprocess((value) => (value === "true" ? true : value === "false" ? false : value), schema);
