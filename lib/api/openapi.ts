import { z } from "zod";
import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { ErrorCode, httpStatusOf } from "../errors";
import { API_PREFIX } from "./handler";
import { failure } from "./responses";
import { apiRoutes } from "./routes";

const refusals: Record<number, string> = {
  400: "Invalid input (6002001) or a refused value (its own code)",
  401: "No token, or an invalid, expired or revoked one (6002002)",
  403: "The caller may not do this (a role, membership, mute, ban, or a READ token: 6002080)",
  404: "It does not exist for the caller",
  409: "It conflicts with the current state (a limit reached, a name taken…)",
  429: "Too many requests: wait Retry-After seconds",
};

/** The OpenAPI 3.1 document of /api/v1, generated from the route definitions and their zod schemas. */
export function openApiDocument() {
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description: "A personal access token (user settings → API tokens) or a bot's token.",
  });
  for (const route of apiRoutes) {
    const statuses = new Set([400, 401, 429, ...(route.method === "get" ? [] : [403])]);
    if (route.params) [403, 404].forEach((status) => statuses.add(status));
    if (route.method !== "get") statuses.add(409);
    registry.registerPath({
      method: route.method,
      path: route.path,
      operationId: route.operationId,
      summary: route.summary,
      description: route.description,
      tags: [route.tag],
      security: [{ bearer: [] }],
      request: {
        params: route.params,
        query: route.query,
        body: route.body && { required: true, content: { "application/json": { schema: route.body } } },
      },
      responses: {
        200: {
          description: "The result",
          headers: rateHeaders,
          content: {
            "application/json": { schema: z.object({ ok: z.literal(true), data: route.response }) },
          },
        },
        ...Object.fromEntries(
          [...statuses]
            .sort()
            .map((status) => [
              status,
              { description: refusals[status], content: { "application/json": { schema: failure } } },
            ]),
        ),
      },
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Community chat API",
      version: "1",
      description: [
        "Every answer is `{ ok: true, data }` or `{ ok: false, code, message }` with SPEC.md's error codes.",
        "Lists are pages by cursor: pass the `nextCursor` of one page to get the next; at most 100 items a page.",
        "Error codes:\n\n| code | HTTP | name |\n|---|---|---|\n" +
          Object.entries(ErrorCode)
            .map(([name, code]) => `| ${code} | ${httpStatusOf[code]} | ${name} |`)
            .join("\n"),
      ].join("\n\n"),
    },
    servers: [{ url: API_PREFIX }],
  });
}

const rateHeaders = {
  "X-RateLimit-Limit": {
    description: "requests allowed per window in this route's bucket",
    schema: { type: "integer" as const },
  },
  "X-RateLimit-Remaining": { description: "requests left in the window", schema: { type: "integer" as const } },
  "X-RateLimit-Reset": { description: "when the window resets (Unix seconds)", schema: { type: "integer" as const } },
};
