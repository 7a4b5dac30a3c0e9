import fc from "fast-check";
import type { z } from "zod";
import { isStorableText } from "../schemas/text";

/**
 * Hostile input for the property-based fuzz tests (lib/schemas/fuzz.test.ts, lib/socket/fuzz.test.ts,
 * lib/domain/fuzz.test.ts): what a client can put in a form, a socket payload or a server action's
 * arguments. Unstorable text (NUL, lone surrogates), bidi and zero-width marks, huge and odd numbers,
 * 10k-item arrays, deep nesting, prototype-pollution keys, and the shapes the schemas expect with
 * hostile values inside, so that parsing gets past the first check.
 */

export const NUL = "\u0000";
/** One 10 MB string of each kind, shared (used sparsely: allocating them per run would be slow). */
export const TEN_MB = "a".repeat(10 * 1024 * 1024);
export const TEN_MB_NUL = `${"b".repeat(10 * 1024 * 1024 - 1)}${NUL}`;
/** Long, but within the socket server's message limit (maxHttpBufferSize) once JSON-encoded. */
export const LONG = "x".repeat(60_000);
export const LONG_NUL = `${"y".repeat(40_000)}${NUL}${"y".repeat(10_000)}`;
export const LONG_SURROGATE = `${"z".repeat(40_000)}\uD800${"z".repeat(10_000)}`;

/** Pieces that have broken text handling somewhere, joined at random. */
export const FRAGMENTS = [
  NUL,
  "\uD800",
  "\uDFFF",
  "\uDBFF",
  "\uDC00\uD800",
  "\u202E",
  "\u202D",
  "\u200F",
  "\u200E",
  "\u2066",
  "\u2069",
  "\u200B",
  "\u200D",
  "\u2060",
  "\uFEFF",
  "\u00AD",
  "\u0301",
  "\u0085",
  "\u2028",
  "\r\n",
  "\t",
  " ",
  "%00",
  "\\0",
  "\\u0000",
  "' OR '1'='1",
  '"; DROP TABLE "User"; --',
  "$1",
  "${x}",
  "{{7*7}}",
  "<script>alert(1)</script>",
  "../../etc/passwd",
  "avatars/../../",
  "İ",
  "ß",
  "ﬃ",
  "👨‍👩‍👧",
  "🇯🇵",
  "👍🏽",
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "NaN",
  "-0",
  "1e308",
  "9007199254740993",
  "null",
  "undefined",
  "true",
  "@everyone",
  "```",
  "2024-02-30",
  "9999-12-31T23:59:59Z",
  "01HZX3M6Q7R8S9T0V1W2X3Y4Z5",
] as const;

export const HUGE_BIGINT = 10n ** 400n;

const hostileNumber = fc.oneof(
  fc.constantFrom(
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    1e308,
    -1e308,
    -0,
    Number.MAX_SAFE_INTEGER + 1,
    -(Number.MAX_SAFE_INTEGER + 1),
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    Number.EPSILON,
    2 ** 31,
    -(2 ** 31) - 1,
    2 ** 32,
    0.5,
    -1,
    0,
    1,
    60,
    1440,
    100_000,
  ),
  fc.integer(),
  fc.double(),
);

export type HostileOptions = {
  /** ids of real rows (some the actor may not see): used as is and made hostile */
  ids?: string[];
  /**
   * Only values a Socket.IO client can send (JSON plus binary): no BigInt, Map, Set, boxed values,
   * no 10 MB strings (more than maxHttpBufferSize: the server drops the connection; tested on its own).
   */
  wire?: boolean;
  /** real ids by field name ("channelId", "messageId", "threadId", "communityId", "userId"): a field named so gets them most */
  idsByField?: Record<string, string[]>;
};

/** Deeply nested objects and arrays (a recursive walker or a stack-hungry parser meets them). */
const deep = (depth: number, leaf: unknown, kind: "object" | "array") => {
  let value: unknown = leaf;
  for (let i = 0; i < depth; i++) value = kind === "object" ? { a: value } : [value];
  return value;
};

/** Own "__proto__" / "constructor" keys, as JSON.parse and socket.io's parser make them. */
const POLLUTERS: unknown[] = [
  JSON.parse('{"__proto__": {"polluted": "yes", "isAppAdmin": true, "role": "OWNER"}}'),
  JSON.parse('{"constructor": {"prototype": {"polluted": "yes"}}}'),
  JSON.parse('{"__proto__": {"__proto__": {"polluted": "yes"}}, "channelId": "x"}'),
  JSON.parse('[{"__proto__": {"polluted": "yes"}}]'),
  { toString: "not a function", valueOf: "nor this" },
  JSON.parse('{"toJSON": "x", "then": "y"}'),
];

export function hostileArbitraries(options: HostileOptions = {}) {
  const ids = options.ids?.length ? options.ids : ["01HZX3M6Q7R8S9T0V1W2X3Y4Z5"];
  const realId = fc.constantFrom(...ids);
  const fragment = fc.constantFrom(...FRAGMENTS);

  const hostileId = realId.chain((id) =>
    fc.constantFrom(
      id,
      `${id}${NUL}`,
      `${NUL}${id}`,
      `${id}\uD800`,
      `\u202E${id}`,
      `${id}\u200B`,
      id.toLowerCase(),
      ` ${id} `,
      id.slice(0, -1),
      `${id}x`,
      `${id}%00`,
      id.repeat(3),
    ),
  );

  const longStrings = options.wire
    ? fc.constantFrom(LONG, LONG_NUL, LONG_SURROGATE)
    : fc.constantFrom(TEN_MB, TEN_MB_NUL, LONG, LONG_NUL, LONG_SURROGATE);

  const string: fc.Arbitrary<string> = fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .array(fc.oneof(fragment, fc.string({ maxLength: 8 }), realId), { maxLength: 6 })
        .map((parts) => parts.join("")),
    },
    { weight: 4, arbitrary: hostileId },
    { weight: 2, arbitrary: fc.string16bits({ maxLength: 24 }) },
    { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 24 }) },
    { weight: 2, arbitrary: fragment },
    { weight: 1, arbitrary: fc.constantFrom("", " ", "\u200B", "\u202E\u200F") },
    // sparsely: a 10 MB string is cheap to pass around, not to copy every run
    { weight: 1, arbitrary: longStrings },
  );

  const number = options.wire
    ? hostileNumber
    : fc.oneof(
        { weight: 5, arbitrary: hostileNumber },
        { weight: 1, arbitrary: fc.constantFrom(HUGE_BIGINT, -HUGE_BIGINT, 0n) },
      );

  const key = fc.oneof(
    { weight: 3, arbitrary: fc.string({ maxLength: 6 }) },
    {
      weight: 2,
      arbitrary: fc.constantFrom("__proto__", "constructor", "prototype", "toString", "length", "0", "then"),
    },
    { weight: 1, arbitrary: string.filter((s) => s.length < 64) },
  );

  // 10k items; on the wire only those that stay within the socket server's message limit
  const bigArrays = fc.constantFrom<unknown[]>(
    Array.from({ length: 10_000 }, () => "x"),
    Array.from({ length: 10_000 }, (_, i) => i),
    Array.from({ length: 10_000 }, () => null),
    ...(options.wire
      ? []
      : [
          Array.from({ length: 10_000 }, () => NUL),
          Array.from({ length: 10_000 }, (_, i) => ids[i % ids.length]),
          Array.from({ length: 10_000 }, () => ({ a: NUL })),
        ]),
  );

  const nested = fc.constantFrom(
    deep(2_000, NUL, "object"),
    deep(2_000, "x", "array"),
    deep(50, { channelId: ids[0] }, "object"),
  );

  const anything = fc.anything({
    maxDepth: 3,
    maxKeys: 6,
    key,
    values: [string, number, fc.boolean(), fc.constant(null), fc.constant(undefined)],
    withNullPrototype: true,
    withSparseArray: !options.wire,
    withTypedArray: true,
    ...(!options.wire && {
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withObjectString: true,
    }),
  });

  const value: fc.Arbitrary<unknown> = fc.oneof(
    { weight: 5, arbitrary: string },
    { weight: 3, arbitrary: number },
    { weight: 5, arbitrary: anything },
    { weight: 1, arbitrary: bigArrays },
    { weight: 1, arbitrary: nested },
    { weight: 1, arbitrary: fc.constantFrom(...POLLUTERS) },
    { weight: 2, arbitrary: fc.constantFrom(null, undefined, true, false, {}, [], [null], [undefined], "", 0) },
  );

  /** An object with the given keys (each present or not) holding hostile values, plus hostile extra keys. */
  const objectWithKeys = (keys: readonly string[], valueOf: (key: string) => fc.Arbitrary<unknown> = () => value) =>
    fc
      .tuple(
        fc.record(Object.fromEntries(keys.map((name) => [name, valueOf(name)])), { requiredKeys: [] }),
        fc.array(fc.tuple(key, value), { maxLength: 2 }),
      )
      .map(([known, extra]) => {
        const result = { ...known } as Record<string, unknown>;
        for (const [name, extraValue] of extra)
          Object.defineProperty(result, name, {
            value: extraValue,
            enumerable: true,
            configurable: true,
            writable: true,
          });
        return result;
      });

  /** Ids that fit a field, by its name (channelId: the real channels…), so shaped input can get past the lookups. */
  const aliases: Record<string, string> = {
    userIds: "userId",
    memberIds: "userId",
    fromUserId: "userId",
    channelIds: "channelId",
    before: "messageId",
    after: "messageId",
    around: "messageId",
    replyToId: "messageId",
  };
  const idsFor = (field: string | undefined) => {
    const fitting = field ? options.idsByField?.[aliases[field] ?? field] : undefined;
    return fitting?.length ? fitting : null;
  };

  /**
   * Values shaped like what the schema expects (objects with its keys, arrays of its elements, its
   * enum values, real ids that fit the field, plausible numbers), hostile values mixed in at every level.
   */
  function shapedFor(schema: z.ZodType, depth = 0, field?: string): fc.Arbitrary<unknown> {
    const def = (schema as unknown as { _zod: { def: Record<string, never> & { type: string } } })._zod.def;
    const mixed = (shaped: fc.Arbitrary<unknown>) =>
      fc.oneof({ weight: 6, arbitrary: shaped }, { weight: 1, arbitrary: value });
    if (depth > 6) return value;
    switch (def.type) {
      case "object": {
        const shape = def.shape as Record<string, z.ZodType>;
        const record = fc.record(
          Object.fromEntries(Object.keys(shape).map((name) => [name, shapedFor(shape[name], depth + 1, name)])),
        );
        return fc.oneof(
          { weight: 6, arbitrary: record },
          {
            weight: 1,
            arbitrary: objectWithKeys(Object.keys(shape), (name) => shapedFor(shape[name], depth + 1, name)),
          },
          { weight: 1, arbitrary: value },
        );
      }
      case "string": {
        const fitting = idsFor(field);
        return mixed(
          fc.oneof(
            { weight: fitting ? 6 : 0, arbitrary: fitting ? fc.constantFrom(...fitting) : realId },
            { weight: 2, arbitrary: realId },
            { weight: 2, arbitrary: string },
            {
              weight: 2,
              arbitrary: fc.constantFrom(
                "hello",
                "Rust talk",
                "2024-05-01",
                "2024-05-01T10:00:00Z",
                "👍",
                "🇯🇵",
                "ada_lovelace",
                "correct-horse-9",
                "\u202Ehello\u200F",
                "a\u200Bb",
              ),
            },
          ),
        );
      }
      case "number":
        return mixed(
          fc.oneof(
            fc.integer({ min: -2, max: 2_000 }),
            fc.constantFrom(1, 10, 60, 100, 200, 1440, 3600, 100_000, 200_000_000),
            number,
          ),
        );
      case "bigint":
        return mixed(fc.bigInt());
      case "boolean":
        return mixed(fc.boolean());
      case "enum":
        return mixed(fc.constantFrom(...Object.values(def.entries as Record<string, string | number>)));
      case "literal":
        return mixed(fc.constantFrom(...(def.values as unknown[])));
      case "null":
        return mixed(fc.constant(null));
      case "optional":
      case "default":
      case "prefault":
        return fc.oneof(fc.constant(undefined), shapedFor(def.innerType, depth + 1, field));
      case "nullable":
        return fc.oneof(fc.constant(null), shapedFor(def.innerType, depth + 1, field));
      case "pipe":
        return shapedFor(def.in, depth + 1, field);
      case "array":
        return mixed(fc.array(shapedFor(def.element, depth + 1, field), { minLength: 1, maxLength: 4 }));
      case "union":
        return fc.oneof(...(def.options as z.ZodType[]).map((option) => shapedFor(option, depth + 1, field)));
      case "record":
        return mixed(
          fc
            .array(fc.tuple(fc.oneof(key, shapedFor(def.keyType, depth + 1)), shapedFor(def.valueType, depth + 1)), {
              maxLength: 4,
            })
            .map(toObject),
        );
      default:
        return value;
    }
  }

  /**
   * Everything a schema (or an entry point guarded by it) may be handed: anything at all, an object
   * with the schema's own keys holding hostile values, or its expected shape with hostile values inside.
   */
  const forSchema = (schema: z.ZodType) => {
    const def = (schema as unknown as { _zod: { def: { type: string; shape?: Record<string, unknown> } } })._zod.def;
    const keys = def.type === "object" && def.shape ? Object.keys(def.shape) : [];
    return fc.oneof(
      { weight: 6, arbitrary: shapedFor(schema) },
      { weight: 1, arbitrary: value },
      ...(keys.length ? [{ weight: 1, arbitrary: objectWithKeys(keys) }] : []),
    );
  };

  return { string, number, key, value, realId, hostileId, objectWithKeys, shapedFor, forSchema };
}

const toObject = (entries: Array<[unknown, unknown]>) => {
  const result: Record<string, unknown> = {};
  for (const [name, entry] of entries) {
    // a key is a string: a hostile key value (an object String() cannot convert) becomes a fixed one
    const key = typeof name === "string" ? name : typeof name === "number" ? String(name) : "[key]";
    Object.defineProperty(result, key, { value: entry, enumerable: true, configurable: true, writable: true });
  }
  return result;
};

/** The path of the first string (value or key) anywhere in the value that the database cannot store. */
export function unstorableStringIn(value: unknown, path = "$", seen = new Set<unknown>()): string | null {
  if (typeof value === "string") return isStorableText(value) ? null : path;
  if (!value || typeof value !== "object" || seen.has(value)) return null;
  seen.add(value);
  if (value instanceof Map) return unstorableStringIn([...value.entries()], path, seen);
  if (value instanceof Set) return unstorableStringIn([...value], path, seen);
  for (const name of Reflect.ownKeys(value)) {
    if (typeof name === "string" && !isStorableText(name)) return `${path} (key ${JSON.stringify(name)})`;
    const found = unstorableStringIn((value as Record<PropertyKey, unknown>)[name], `${path}.${String(name)}`, seen);
    if (found) return found;
  }
  return null;
}

/** The path of the first object anywhere in the value whose prototype is not a built-in one (a planted __proto__). */
export function foreignPrototypeIn(value: unknown, path = "$", seen = new Set<unknown>()): string | null {
  if (!value || typeof value !== "object" || seen.has(value)) return null;
  seen.add(value);
  const proto = Object.getPrototypeOf(value);
  const builtin =
    proto === null ||
    [
      Object.prototype,
      Array.prototype,
      Date.prototype,
      Map.prototype,
      Set.prototype,
      Uint8Array.prototype,
      Buffer.prototype,
    ].includes(proto);
  if (!builtin) return path;
  for (const name of Reflect.ownKeys(value)) {
    const found = foreignPrototypeIn((value as Record<PropertyKey, unknown>)[name], `${path}.${String(name)}`, seen);
    if (found) return found;
  }
  return null;
}

const builtinPrototypes = {
  Object: Object.prototype,
  Array: Array.prototype,
  Function: Function.prototype,
  String: String.prototype,
};
const prototypeKeys = () =>
  Object.entries(builtinPrototypes).map(
    ([name, proto]) => `${name}: ${Reflect.ownKeys(proto).map(String).sort().join(",")}`,
  );
const cleanPrototypes = prototypeKeys();

/** Throws when a built-in prototype gained (or lost) a property since this module loaded. */
export function expectPrototypesClean() {
  const now = prototypeKeys();
  const probe = {} as Record<string, unknown>;
  if (
    now.join("\n") !== cleanPrototypes.join("\n") ||
    probe.polluted !== undefined ||
    probe.isAppAdmin !== undefined ||
    probe.role !== undefined
  ) {
    throw new Error(
      `A built-in prototype was polluted:\n${now.filter((line, i) => line !== cleanPrototypes[i]).join("\n")}`,
    );
  }
}

/** A value as a short, readable string: long strings abbreviated, unprintable characters escaped. */
export function describeValue(value: unknown, max = 2_000): string {
  const seen = new Set<unknown>();
  const text = JSON.stringify(value, function (this: unknown, _key, entry: unknown) {
    if (typeof entry === "bigint") return `${entry < 0n ? "-" : ""}BigInt(${String(entry).length} digits)`;
    if (typeof entry === "number" && !Number.isFinite(entry)) return String(entry);
    if (typeof entry === "number" && Object.is(entry, -0)) return "-0";
    if (entry === undefined) return "undefined";
    if (typeof entry === "string" && entry.length > 80)
      return `<string of ${entry.length} chars: ${JSON.stringify(entry.slice(0, 20))}…${JSON.stringify(entry.slice(-10))}>`;
    if (Array.isArray(entry) && entry.length > 20) return [...entry.slice(0, 5), `… ${entry.length} items`];
    if (entry && typeof entry === "object") {
      if (seen.has(entry)) return "<cycle>";
      seen.add(entry);
      if (entry instanceof Map) return { "<Map>": [...entry.entries()] };
      if (entry instanceof Set) return { "<Set>": [...entry] };
      if (Object.getPrototypeOf(entry) === null) return { "<null prototype>": { ...entry } };
    }
    return entry;
  });
  // JSON.stringify keeps lone surrogates escaped but NUL etc. only as \u0000; bidi marks are shown escaped too
  const escaped = (text ?? String(value)).replace(
    /[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF\u00AD]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return escaped.length > max ? `${escaped.slice(0, max)}… (${escaped.length} chars)` : escaped;
}

/** fast-check parameters: `numRuns`, and FUZZ_SEED from the environment to replay a reported failure. */
export const fuzzParameters = (numRuns: number) => ({
  numRuns,
  ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}),
});

/**
 * fc.assert for large values: a failure names the seed, the shrunk counterexample (abbreviated:
 * fast-check would print 10 MB strings whole) and the error with its stack.
 */
export async function assertProperty<Ts>(
  property: fc.IAsyncProperty<Ts> | fc.IProperty<Ts>,
  parameters: fc.Parameters<Ts> = {},
) {
  const details = await fc.check(property as fc.IAsyncProperty<Ts>, parameters);
  if (!details.failed) return details;
  const error =
    details.errorInstance instanceof Error ? details.errorInstance : new Error(String(details.errorInstance));
  throw new Error(
    [
      `Property failed after ${details.numRuns} runs (seed ${details.seed}, path "${details.counterexamplePath}", ${details.numShrinks} shrinks).`,
      `Counterexample: ${describeValue(details.counterexample)}`,
      `Error: ${error.stack ?? error.message}`,
    ].join("\n"),
  );
}
