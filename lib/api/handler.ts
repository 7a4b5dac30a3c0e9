import type { z } from "zod";
import { authenticateApiToken } from "../domain/api-tokens";
import { isRefusal, parseRate, rateLimiter } from "../domain/rate-limits";
import { ErrorCode, httpInit, toFailure, type Failure, type Result } from "../errors";
import { bearerToken } from "../session-token";
import type { ApiRoute, Method } from "./define";
import { readJsonBody } from "./json-body";
import { apiRoutes } from "./routes";

export const API_PREFIX = "/api/v1";
/** The largest JSON body a route takes (a message is 4,000 characters; attributes up to 100 × 1 KB). */
const MAX_BODY_BYTES = 256 * 1024;

/** Per token and route bucket (a route's tag, reads and writes apart); API_RATE_LIMIT_READ / _WRITE ("points/seconds") override. */
const apiRates = () => ({
  read: parseRate(process.env.API_RATE_LIMIT_READ) ?? { points: 300, perSeconds: 60 },
  write: parseRate(process.env.API_RATE_LIMIT_WRITE) ?? { points: 60, perSeconds: 60 },
});

type Compiled = { route: ApiRoute; pattern: RegExp; names: string[] };
const compiled: Compiled[] = apiRoutes.map((route) => {
  const names: string[] = [];
  const source = route.path.replace(/\{(\w+)\}/g, (_, name: string) => (names.push(name), "([^/]+)"));
  return { route, pattern: new RegExp(`^${source}$`), names };
});

/** The route a request asks for, with its path parameters; `allowed` lists the methods its path has. */
export function matchRoute(method: string, path: string) {
  const allowed: Method[] = [];
  for (const { route, pattern, names } of compiled) {
    const match = pattern.exec(path);
    if (!match) continue;
    allowed.push(route.method);
    if (route.method !== method.toLowerCase()) continue;
    const params = Object.fromEntries(names.map((name, index) => [name, safeDecode(match[index + 1])]));
    return { route, params, allowed };
  }
  return { route: null, params: {}, allowed };
}

const safeDecode = (value: string) => {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};

const json = (body: unknown, status: number, headers: Record<string, string> = {}) =>
  Response.json(body, { status, headers: { "Cache-Control": "no-store", ...headers } });

const refuse = (status: number, code: number, message: string, headers: Record<string, string> = {}) =>
  json({ ok: false, code, message } satisfies Failure, status, headers);

/**
 * /api/v1: finds the route, authenticates the bearer token (on every request: a revoked token fails
 * at once), refuses writes to READ tokens, takes a turn of the token's rate limit, parses the path,
 * query and body with the route's schemas and answers the domain's result in the app's result shape.
 */
export async function handleApiRequest(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const path = url.pathname.slice(API_PREFIX.length) || "/";
  const { route, params, allowed } = matchRoute(request.method, path);
  if (!route) {
    return allowed.length
      ? refuse(405, ErrorCode.INVALID_INPUT, `This route takes ${allowed.map((m) => m.toUpperCase()).join(", ")}.`, {
          Allow: allowed.map((m) => m.toUpperCase()).join(", "),
        })
      : refuse(404, ErrorCode.GENERIC, "There is no such API route: see /api/v1/openapi.json.");
  }

  const token = bearerToken(undefined, request.headers.get("authorization"));
  const challenge = { "WWW-Authenticate": 'Bearer realm="api"' };
  if (!token)
    return refuse(401, ErrorCode.UNAUTHENTICATED, "Send an API token: Authorization: Bearer <token>.", challenge);
  const holder = await authenticateApiToken(token).catch((error) => (toFailure(error), undefined));
  if (holder === undefined) return refuse(500, ErrorCode.SERVER, "Something went wrong on our side. Please try again.");
  if (!holder) return refuse(401, ErrorCode.UNAUTHENTICATED, "This token is invalid, expired or revoked.", challenge);
  const writes = route.method !== "get";
  if (writes && holder.scope === "READ") return refuse(403, ErrorCode.TOKEN_READ_ONLY, "This token may only read.");

  const rate = apiRates()[writes ? "write" : "read"];
  const limiter = rateLimiter(writes ? "apiWrite" : "apiRead", rate.points, rate.perSeconds);
  let turn: { remainingPoints: number; msBeforeNext: number } | null = null;
  try {
    turn = await limiter.consume(`${holder.tokenId}:${route.tag}`);
  } catch (error) {
    if (isRefusal(error)) {
      const wait = { "Retry-After": String(Math.max(1, Math.ceil(error.msBeforeNext / 1000))) };
      const refusal: Failure = {
        ok: false,
        code: ErrorCode.RATE_LIMITED,
        message: "Too many requests with this token: wait and try again.",
        retryAfterMs: error.msBeforeNext,
      };
      return json(refusal, 429, { ...rateHeaders(rate.points, error), ...wait });
    }
    toFailure(error); // the shared count is unavailable: logged, and the request goes on without it
  }

  const result = await answer(route, params, url.searchParams, request, { userId: holder.userId });
  // the domain's own refusals keep their headers (Retry-After of a send limit, say)
  const init = httpInit(result);
  return json(result, init.status!, {
    ...(init.headers as Record<string, string>),
    ...(turn ? rateHeaders(rate.points, turn) : {}),
  });
}

function rateHeaders(limit: number, state: { remainingPoints: number; msBeforeNext: number }) {
  return {
    "X-RateLimit-Limit": String(limit),
    "X-RateLimit-Remaining": String(Math.max(0, state.remainingPoints)),
    "X-RateLimit-Reset": String(Math.ceil((Date.now() + state.msBeforeNext) / 1000)),
  };
}

async function answer(
  route: ApiRoute,
  rawParams: Record<string, string>,
  search: URLSearchParams,
  request: Request,
  actor: { userId: string },
): Promise<Result<unknown>> {
  try {
    const params = parse(route.params, rawParams);
    const query = parse(route.query, Object.fromEntries(search));
    const body = route.body ? parse(route.body, await readJsonBody(request, MAX_BODY_BYTES)) : {};
    return { ok: true, data: (await route.run(actor, { params, query, body } as never)) ?? null };
  } catch (error) {
    return toFailure(error);
  }
}

const parse = (schema: z.ZodType | undefined, value: unknown) => (schema ? schema.parse(value) : {});
