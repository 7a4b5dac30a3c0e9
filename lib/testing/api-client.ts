import { expect } from "vitest";
import { handleApiRequest, matchRoute } from "../api/handler";
import { failure } from "../api/responses";
import { createApiToken } from "../domain/api-tokens";
import type { Actor } from "../domain/actor";

export type ApiAnswer = {
  status: number;
  headers: Headers;
  body: { ok: boolean; data?: unknown; code?: number; message?: string };
};

/** A token for the actor (WRITE unless told), as settings would make it. */
export async function tokenFor(actor: Actor, scope: "READ" | "WRITE" = "WRITE", expiresInDays: 7 | 30 | null = null) {
  return (await createApiToken(actor, { name: "test", scope, expiresInDays })).secret;
}

/** One request to /api/v1 through its real handler (no server needed), answered as parsed JSON. */
export async function api(
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiAnswer> {
  const response = await handleApiRequest(
    new Request(`http://localhost/api/v1${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
  return { status: response.status, headers: response.headers, body: await response.json() };
}

/**
 * A request whose answer must be what the OpenAPI document says: a success's `data` parses with the
 * route's response schema (strict), a failure with the failure schema. Records the route as answered.
 */
export function documentedApi(answered: Set<string>) {
  return async (token: string, method: string, path: string, body?: unknown) => {
    const { route } = matchRoute(method, path.split("?")[0]);
    expect(route, `${method} ${path} is not a documented route`).toBeTruthy();
    const answer = await api(token, method, path, body);
    if (answer.body.ok) {
      expect(answer.status).toBe(200);
      const parsed = route!.response.safeParse(answer.body.data);
      expect(parsed.error?.issues ?? [], `${route!.operationId} answered an undocumented shape`).toEqual([]);
      answered.add(route!.operationId);
    } else {
      expect(failure.safeParse(answer.body).success, JSON.stringify(answer.body)).toBe(true);
    }
    return answer;
  };
}
