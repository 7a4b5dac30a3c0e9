import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CredentialsConfig } from "next-auth/providers/credentials";
import { registerAction } from "../actions/auth";
import { authOptions } from "../auth";
import { CLIENT_IP_HEADER } from "../client-ip";
import { AppError, ErrorCode, toResult } from "../errors";
import { makeUser, nonce, unique } from "../testing/factories";
import { authThrottle, signInThrottled, signInWaitSeconds, takeSignUpTurn } from "./auth-throttle";

const password = "correct-horse-9"; // makeUser's
const wrong = "wrong-horse-9";
/** Each test its own address, as the limiters outlive a test. */
const newIp = () => `test-${nonce()}`;
const waitSentence = /^Too many sign-in attempts\. Try again in \d+ seconds?\.$/;

/** The address server.ts stamps on the request a server action reads (registerAction). */
const requestHeaders = new Headers();
vi.mock("next/headers", () => ({ headers: async () => requestHeaders }));

const configured = { ...authThrottle };
afterEach(() => Object.assign(authThrottle, configured));

async function failTimes(times: number, username: string, ip: string) {
  for (let i = 0; i < times; i++) {
    await expect(signInThrottled({ username, password: wrong }, ip)).rejects.toMatchObject({
      code: ErrorCode.BAD_CREDENTIALS,
    });
  }
}

async function refusal(attempt: Promise<unknown>): Promise<AppError> {
  const error = await attempt.then(
    () => null,
    (error: unknown) => error,
  );
  expect(error).toBeInstanceOf(AppError);
  expect(error).toMatchObject({ code: ErrorCode.RATE_LIMITED, message: expect.stringMatching(waitSentence) });
  return error as AppError;
}

describe("sign-in throttling", () => {
  it("after five failures an account must wait, even with the right password, with the same sentence for accounts that do not exist", async () => {
    const user = await makeUser("victim");
    const ghost = unique("ghost");
    await failTimes(5, user.username, newIp());
    await failTimes(5, ghost, newIp());

    // from yet another address too: the count is the account's
    const known = await refusal(signInThrottled({ username: user.username, password }, newIp()));
    const unknown = await refusal(signInThrottled({ username: ghost, password }, newIp()));
    expect(unknown.message).toBe(known.message);
    for (const { retryAfterMs } of [known, unknown]) {
      expect(retryAfterMs).toBeGreaterThan(0);
      expect(retryAfterMs).toBeLessThanOrEqual(1_000);
    }
  });

  it("counts the username as sign-in reads it (trimmed, any case)", async () => {
    const user = await makeUser("cased");
    await failTimes(5, ` ${user.username.toUpperCase()} `, newIp());
    await refusal(signInThrottled({ username: user.username, password }, newIp()));
  });

  it("doubles the wait with each further failure, and does not count refused attempts", async () => {
    const user = await makeUser("doubling");
    const ip = newIp();
    await failTimes(5, user.username, ip);
    let refused = await refusal(signInThrottled({ username: user.username, password: wrong }, ip));
    for (let i = 0; i < 3; i++)
      refused = await refusal(signInThrottled({ username: user.username, password: wrong }, ip));
    expect(refused.retryAfterMs).toBeLessThanOrEqual(1_000); // still the first wait

    await sleep(refused.retryAfterMs! + 50);
    await failTimes(1, user.username, ip);
    refused = await refusal(signInThrottled({ username: user.username, password }, ip));
    expect(refused.retryAfterMs).toBeGreaterThan(1_000);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(2_000);
  });

  it("waits 1 s, 2 s, 4 s, … up to the longest wait", () => {
    expect([1, 2, 3, 4, 10].map((nth) => signInWaitSeconds(nth, 900))).toEqual([1, 2, 4, 8, 512]);
    expect(signInWaitSeconds(11, 900)).toBe(900);
    expect(signInWaitSeconds(5_000, 900)).toBe(900);
    expect([1, 2, 3].map((nth) => signInWaitSeconds(nth, 900, 30))).toEqual([30, 60, 120]);
    expect(authThrottle.maxWaitSeconds).toBe(900);
  });

  it("forgets an account's failures when it signs in", async () => {
    const user = await makeUser("forgiven");
    const ip = newIp();
    await failTimes(4, user.username, ip);
    await expect(signInThrottled({ username: user.username, password }, ip)).resolves.toMatchObject({
      id: user.userId,
    });
    await failTimes(4, user.username, ip);
    await expect(signInThrottled({ username: user.username, password }, ip)).resolves.toMatchObject({
      id: user.userId,
    });
  });

  it("lets only the free attempts through when guesses arrive all at once", async () => {
    const user = await makeUser("parallel");
    const results = await Promise.all(
      Array.from({ length: 12 }, () =>
        toResult(() => signInThrottled({ username: user.username, password: wrong }, newIp())),
      ),
    );
    const codes = results.map((result) => (result.ok ? "ok" : result.code));
    expect(codes.filter((code) => code === ErrorCode.BAD_CREDENTIALS)).toHaveLength(5);
    expect(codes.filter((code) => code === ErrorCode.RATE_LIMITED)).toHaveLength(7);
  });

  it("counts an address's failures across usernames (20 free), but not its successes", async () => {
    const ip = newIp();
    for (let i = 0; i < 20; i++) await failTimes(1, unique("nobody"), ip);
    const user = await makeUser("neighbour");
    await refusal(signInThrottled({ username: user.username, password }, ip));
    // the refused attempt was not held against the account
    await expect(signInThrottled({ username: user.username, password }, newIp())).resolves.toMatchObject({
      id: user.userId,
    });

    authThrottle.address = { points: 2, perSeconds: 3_600 };
    const office = newIp();
    for (let i = 0; i < 4; i++)
      await expect(signInThrottled({ username: user.username, password }, office)).resolves.toMatchObject({
        id: user.userId,
      });
  });

  it("answers through next-auth: null for wrong credentials, the sentence as the error when throttled", async () => {
    const provider = authOptions.providers[0] as unknown as { options: CredentialsConfig };
    const user = await makeUser("nextauth");
    const ip = newIp();
    const authorize = (password: string) =>
      provider.options.authorize(
        { username: user.username, password },
        { headers: { [CLIENT_IP_HEADER]: ip }, method: "POST" },
      );
    await expect(authorize(password)).resolves.toMatchObject({ id: user.userId, username: user.username });
    await expect(
      provider.options.authorize({ username: "", password: "" }, { headers: { [CLIENT_IP_HEADER]: ip } }),
    ).resolves.toBeNull();
    for (let i = 0; i < 5; i++) await expect(authorize(wrong)).resolves.toBeNull();
    await expect(authorize(password)).rejects.toThrow(waitSentence);
  });
});

describe("sign-up throttling", () => {
  it("allows 10 sign-ups per address an hour, then 6002029 with the wait", async () => {
    const ip = newIp();
    for (let i = 0; i < 10; i++) await takeSignUpTurn(ip);
    const refused = await toResult(() => takeSignUpTurn(ip));
    expect(refused).toMatchObject({
      ok: false,
      code: ErrorCode.RATE_LIMITED,
      message: "Too many sign-ups from your network. Try again in 60 minutes.",
      retryAfterMs: expect.any(Number),
    });
    expect((refused as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(3_590_000);
    await expect(takeSignUpTurn(newIp())).resolves.toBeUndefined();
  });

  it("is taken by registerAction for the caller's address, before the account is made", async () => {
    authThrottle.signUps = { points: 1, perSeconds: 3_600 };
    requestHeaders.set(CLIENT_IP_HEADER, newIp());
    const register = (username: string) =>
      registerAction({ username, displayName: "Newcomer", password: "a-long-pass-1" });
    await expect(register(unique("first"))).resolves.toMatchObject({ ok: true });
    const second = unique("second");
    await expect(register(second)).resolves.toMatchObject({
      ok: false,
      code: ErrorCode.RATE_LIMITED,
      retryAfterMs: expect.any(Number),
    });
    requestHeaders.set(CLIENT_IP_HEADER, newIp());
    await expect(register(second)).resolves.toMatchObject({ ok: true, data: { username: second } });
  });
});
