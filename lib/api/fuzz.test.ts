import { describe, expect, it } from "vitest";
import { FRAGMENTS, HUGE_BIGINT, LONG_NUL, LONG_SURROGATE } from "../testing/hostile";
import { makeWorld } from "../testing/world";
import { api, tokenFor } from "../testing/api-client";
import { failure } from "./responses";
import { apiRoutes } from "./routes";

/** Values no client should send, in every place a route reads one. */
const hostile: unknown[] = [
  ...FRAGMENTS.filter((_, index) => index % 3 === 0),
  LONG_NUL,
  LONG_SURROGATE,
  "",
  -1,
  1e308,
  Number.MAX_SAFE_INTEGER,
  null,
  true,
  [],
  {},
  { length: { toString: 0, valueOf: 0 } },
  ["a", { b: 1 }],
  { __proto__: { polluted: true } },
  HUGE_BIGINT.toString(),
];
/** Percent-encoded, lone surrogates too (as bytes no UTF-8 decoder accepts: what a hostile client can send). */
const encode = (text: string) =>
  text.isWellFormed() ? encodeURIComponent(text) : `${encodeURIComponent(text.toWellFormed())}%ED%A0%80`;
const asText = (value: unknown) => (typeof value === "string" ? value : (JSON.stringify(value) ?? ""));

describe("/api/v1 with hostile input: a refusal with a code and a sentence, never a server error", () => {
  it.each(apiRoutes.map((route) => ({ name: `${route.method.toUpperCase()} ${route.path}`, route })))(
    "$name",
    async ({ route }) => {
      const world = await makeWorld();
      const token = await tokenFor(world.actors.owner);
      const realIds: Record<string, string> = {
        communityId: world.communityId,
        channelId: world.generalChannelId,
        userId: world.actors.member.userId,
      };
      const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      const pathWith = (value: unknown, only?: string) =>
        route.path.replace(/\{(\w+)\}/g, (_, name: string) =>
          encode(only && name !== only ? (realIds[name] ?? "x") : asText(value)),
        );
      const fields = [
        ...Object.keys(route.query?.shape ?? {}),
        ...Object.keys((route.body as { shape?: object } | undefined)?.shape ?? {}),
      ];
      for (const value of hostile) {
        const requests: [string, unknown][] = names.map((name) => [pathWith(value, name), undefined]);
        const base = route.path.replace(/\{(\w+)\}/g, (_, name: string) => realIds[name] ?? "x");
        for (const field of fields) {
          if (route.query?.shape && field in route.query.shape)
            requests.push([`${base}?${field}=${encode(asText(value))}`, undefined]);
          else requests.push([base, { [field]: value }]);
        }
        if (route.body) requests.push([base, value]);
        for (const [path, body] of requests) {
          const answer = await api(
            token,
            route.method.toUpperCase(),
            path,
            body === undefined && route.body ? {} : body,
          );
          const where = `${route.method.toUpperCase()} ${path.slice(0, 120)} ${asText(body).slice(0, 80)}`;
          expect(answer.status, where).toBeLessThan(500);
          if (!answer.body.ok) expect(failure.safeParse(answer.body).success, where).toBe(true);
        }
      }
    },
  );
});
