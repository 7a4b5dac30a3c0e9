import { describe, expect, it } from "vitest";
import { adminCommunityListSchema, discoverSchema, idSchema, inviteCodeSchema, pageSchema } from "../schemas/community";
import { parsePageParams, parseSearchParams } from "./page-params";

const notFound = { digest: "NEXT_HTTP_ERROR_FALLBACK;404" };

describe("parsePageParams", () => {
  it("answers the params it was given when they are valid", async () => {
    expect(
      await parsePageParams(Promise.resolve({ communityId: "c1", channelId: "ch1" }), {
        communityId: idSchema,
        channelId: idSchema,
      }),
    ).toEqual({ communityId: "c1", channelId: "ch1" });
    expect(await parsePageParams(Promise.resolve({ code: "Ab3dE5gH" }), { code: inviteCodeSchema })).toEqual({
      code: "Ab3dE5gH",
    });
  });

  it("answers not found for a param that names nothing: too long, NUL, a lone surrogate, empty", async () => {
    for (const code of ["%E2%80%AE".repeat(8), "x".repeat(65), "abc\u0000", "\uD800", ""]) {
      await expect(
        parsePageParams(Promise.resolve({ code }), { code: inviteCodeSchema }),
        JSON.stringify(code),
      ).rejects.toMatchObject(notFound);
    }
    await expect(
      parsePageParams(Promise.resolve({ communityId: "c\u0000" }), { communityId: idSchema }),
    ).rejects.toMatchObject(notFound);
  });
});

describe("parseSearchParams", () => {
  const discover = { q: discoverSchema.shape.query, cursor: discoverSchema.shape.cursor };

  it("answers valid search params, and defaults for missing ones", async () => {
    expect(
      await parseSearchParams(Promise.resolve({ q: " rust ", cursor: "01HZX3M6Q7R8S9T0V1W2X3Y4Z5" }), discover),
    ).toEqual({ q: "rust", cursor: "01HZX3M6Q7R8S9T0V1W2X3Y4Z5" });
    expect(await parseSearchParams(Promise.resolve({}), discover)).toEqual({ q: "", cursor: undefined });
  });

  it("treats a refused search param as absent: a bad cursor opens the first page, a bad query lists unfiltered", async () => {
    const bad = ["x".repeat(401), "a\u0000", "\uD800", ["a", "b"]];
    for (const value of bad) {
      expect(
        await parseSearchParams(Promise.resolve({ q: "rust", cursor: value }), discover),
        JSON.stringify(value),
      ).toEqual({ q: "rust", cursor: undefined });
      expect(await parseSearchParams(Promise.resolve({ cursor: value }), { cursor: pageSchema.shape.cursor })).toEqual({
        cursor: undefined,
      });
    }
    expect(await parseSearchParams(Promise.resolve({ q: "x".repeat(101) }), discover)).toEqual({
      q: "",
      cursor: undefined,
    });
    expect(
      await parseSearchParams(Promise.resolve({ q: ["a", "b"] }), { q: adminCommunityListSchema.shape.query }),
    ).toEqual({ q: "" });
    expect(
      await parseSearchParams(Promise.resolve({ m: "", thread: "t\u0000" }), {
        m: idSchema.optional(),
        thread: idSchema.optional(),
      }),
    ).toEqual({ m: undefined, thread: undefined });
  });
});
