import type { ChildProcess } from "node:child_process";
import { afterAll, expect, it } from "vitest";
import { tokenFor } from "../testing/api-client";
import { killProcess, startTestProcess } from "../testing/child-process";
import { makeWorld } from "../testing/world";

// Two app processes over Redis count one token's requests together: the limit is per token, not per process.

const children: ChildProcess[] = [];
afterAll(() => Promise.all(children.map(killProcess)));

async function startApiProcess() {
  const child = await startTestProcess("api-process.ts", {
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    API_RATE_LIMIT_READ: "5/600",
  });
  children.push(child);
  return (token: string, apiPath: string, count: number) =>
    new Promise<Array<{ status: number; remaining: string | null }>>((resolve) => {
      child.once("message", (answer: { answers: Array<{ status: number; remaining: string | null }> }) =>
        resolve(answer.answers),
      );
      child.send({ type: "get", token, path: apiPath, count });
    });
}

it("one token's requests through two processes share one allowance", async () => {
  const world = await makeWorld();
  const token = await tokenFor(world.actors.member);
  const [first, second] = await Promise.all([startApiProcess(), startApiProcess()]);
  const path = `/communities/${world.communityId}/members`;
  expect(await first(token, path, 3)).toEqual([
    { status: 200, remaining: "4" },
    { status: 200, remaining: "3" },
    { status: 200, remaining: "2" },
  ]);
  expect(await second(token, path, 3)).toEqual([
    { status: 200, remaining: "1" },
    { status: 200, remaining: "0" },
    { status: 429, remaining: "0" },
  ]);
  // another token has its own
  const other = await tokenFor(world.actors.admin);
  expect((await first(other, path, 1))[0]).toEqual({ status: 200, remaining: "4" });
});
