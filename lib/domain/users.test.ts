import { describe, expect, it } from "vitest";
import { ErrorCode } from "../errors";
import { unique } from "../testing/factories";
import { registerUser, verifyCredentials } from "./users";

describe("accounts", () => {
  it("registers a user, stores a hash, and signs in with the right password only", async () => {
    const username = unique("alice").toLowerCase();
    const user = await registerUser({ username, displayName: "Alice", password: "s3cret-pass" });
    expect(user).toMatchObject({ username, displayName: "Alice" });
    await expect(verifyCredentials({ username, password: "s3cret-pass" })).resolves.toMatchObject({ id: user.id });
    await expect(
      verifyCredentials({ username: username.toUpperCase(), password: "s3cret-pass" }),
    ).resolves.toMatchObject({ id: user.id });
    await expect(verifyCredentials({ username, password: "wrong-pass-1" })).rejects.toMatchObject({
      code: ErrorCode.BAD_CREDENTIALS,
    });
    await expect(verifyCredentials({ username: unique("nobody"), password: "whatever-1" })).rejects.toMatchObject({
      code: ErrorCode.BAD_CREDENTIALS,
    });
  });

  it("refuses a taken username, also when registrations race", async () => {
    const username = unique("bob").toLowerCase();
    const attempts = await Promise.allSettled(
      [1, 2, 3].map(() => registerUser({ username, displayName: "Bob", password: "s3cret-pass" })),
    );
    expect(attempts.filter((a) => a.status === "fulfilled")).toHaveLength(1);
    for (const failed of attempts.filter((a) => a.status === "rejected")) {
      expect((failed as PromiseRejectedResult).reason).toMatchObject({ code: ErrorCode.USERNAME_TAKEN });
    }
  });

  it.each([
    ["short", "Password must be at least 8 characters."],
    ["abcdefghij", "Password is too weak: mix letters with digits or symbols."],
    ["1234567890", "Password is too weak: mix letters with digits or symbols."],
  ])("refuses the weak password %s with a readable message", async (password, message) => {
    await expect(
      registerUser({ username: unique("carol").toLowerCase(), displayName: "Carol", password }),
    ).rejects.toMatchObject({
      issues: expect.arrayContaining([expect.objectContaining({ message })]),
    });
  });

  it("refuses bad usernames and overlong display names", async () => {
    await expect(registerUser({ username: "<script>", displayName: "X", password: "s3cret-pass" })).rejects.toThrow(
      /letters, digits/,
    );
    await expect(
      registerUser({ username: unique("dan"), displayName: "x".repeat(65), password: "s3cret-pass" }),
    ).rejects.toThrow(/at most 64/);
  });
});
