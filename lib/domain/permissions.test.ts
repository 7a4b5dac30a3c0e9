import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { makeWorld, type ActorKind } from "../testing/world";
import { OK, permissionMatrix, type Outcome } from "../testing/permission-matrix";

async function outcomeOf(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    const result = (await run()) as { results?: Array<{ ok: boolean; code?: number }> } | undefined;
    const first = result?.results?.[0];
    if (first && !first.ok) return first.code!;
    return OK;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

const cells = permissionMatrix.flatMap(([name, action, expected]) =>
  Object.entries(expected).map(([kind, outcome]) => ({ name, action, kind: kind as ActorKind, outcome })),
);

describe("permission matrix", () => {
  it.each(cells)("$name as $kind → $outcome", async ({ action, kind, outcome }) => {
    const world = await makeWorld();
    expect(await outcomeOf(() => action(world.actors[kind], world))).toBe(outcome);
  });
});
