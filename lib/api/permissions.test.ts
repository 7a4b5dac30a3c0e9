import { describe, expect, it } from "vitest";
import { makeWorld, type ActorKind } from "../testing/world";
import { OK, permissionMatrix, type Outcome } from "../testing/permission-matrix";
import { api, tokenFor } from "../testing/api-client";

/** What an answer means in the matrix: allowed, or the code (a batch's first refusal counts, as in the domain's test). */
function outcomeOf(body: { ok: boolean; code?: number; data?: unknown }): Outcome {
  if (!body.ok) return body.code!;
  const first = (body.data as { results?: { ok: boolean; code?: number }[] } | null)?.results?.[0];
  return first && !first.ok ? first.code! : OK;
}

const cells = permissionMatrix.flatMap(([name, , expected, request]) =>
  request
    ? Object.entries(expected).map(([kind, outcome]) => ({ name, request, kind: kind as ActorKind, outcome }))
    : [],
);

describe("the permission matrix over /api/v1: a token never grants more than its user has", () => {
  it.each(cells)("$name as $kind → $outcome", async ({ request, kind, outcome }) => {
    const world = await makeWorld();
    const actor = world.actors[kind];
    const [method, path, body] = await request(actor, world);
    const answer = await api(await tokenFor(actor), method, path, body);
    expect(outcomeOf(answer.body)).toBe(outcome);
  });
});
