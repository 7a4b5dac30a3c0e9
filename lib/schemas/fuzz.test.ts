import { readdirSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { ErrorCode, toFailure } from "../errors";
import {
  assertProperty,
  describeValue,
  expectPrototypesClean,
  fuzzParameters,
  foreignPrototypeIn,
  hostileArbitraries,
  unstorableStringIn,
} from "../testing/hostile";

// Every exported zod schema of every lib/schemas/*.ts, found at run time: a new file or schema is fuzzed without being listed.
const files = readdirSync(import.meta.dirname)
  .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"))
  .sort();
const modules = await Promise.all(
  files.map(
    async (file) =>
      [
        file.replace(/\.ts$/, ""),
        (await import(/* @vite-ignore */ path.join(import.meta.dirname, file))) as Record<string, unknown>,
      ] as const,
  ),
);
const isSchema = (value: unknown): value is z.ZodType =>
  !!value && typeof value === "object" && typeof (value as { safeParse?: unknown }).safeParse === "function";
const schemas = modules.flatMap(([file, exports]) =>
  Object.entries(exports).flatMap(([name, value]) => (isSchema(value) ? [[`${file}.${name}`, value] as const] : [])),
);

const arbitrary = hostileArbitraries();
const RUNS = Number(process.env.FUZZ_RUNS ?? 200);

describe("every exported schema under hostile input", () => {
  it("finds the schemas of every module", () => {
    expect(schemas.length).toBeGreaterThan(50);
    const withSchemas = new Set(schemas.map(([name]) => name.split(".")[0]));
    // text.ts only builds schemas (text()); every other module exports some
    expect(modules.map(([file]) => file).filter((file) => file !== "text" && !withSchemas.has(file))).toEqual([]);
  });

  for (const [name, schema] of schemas) {
    it(`${name}: never throws, lets no unstorable text or planted prototype through, pollutes nothing`, async () => {
      await assertProperty(
        fc.property(arbitrary.forSchema(schema), (input) => {
          const result = schema.safeParse(input);
          if (result.success) {
            const unstorable = unstorableStringIn(result.data);
            if (unstorable) throw new Error(`accepted unstorable text at ${unstorable}: ${describeValue(result.data)}`);
            const planted = foreignPrototypeIn(result.data);
            if (planted) throw new Error(`output has a foreign prototype at ${planted}`);
          } else {
            // what an entry point answers: a validation failure with a sentence
            const failure = toFailure(result.error);
            if (failure.code !== ErrorCode.INVALID_INPUT || typeof failure.message !== "string" || !failure.message)
              throw new Error(`answered ${describeValue(failure)}`);
          }
          expectPrototypesClean();
        }),
        fuzzParameters(RUNS),
      );
    });
  }
});
