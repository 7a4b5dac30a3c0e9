import type { UserSummary } from "../dto";
import { parseRate, rateLimiter, refusalToAppError, waitText } from "./rate-limits";
import { verifyCredentials } from "./users";

/**
 * Brute-force and sign-up throttling, shared by every app process through Redis (./rate-limits.ts).
 * Sign-in attempts that have not succeeded are counted per account (lower-cased username, whether or
 * not it exists) and per client address; past the free ones, each attempt makes the next one from the
 * same account or address wait 1 s, 2 s, 4 s, … up to `maxWaitSeconds`. A success forgets the
 * account's count. Attempts are counted before the password is checked, so parallel guesses cannot
 * slip past the count, and a refused attempt is not counted.
 */
export const authThrottle = {
  /** sign-in attempts per account that cost no wait, in a window of seconds from the first (LOGIN_ACCOUNT_FAILURES="5/3600") */
  account: parseRate(process.env.LOGIN_ACCOUNT_FAILURES) ?? { points: 5, perSeconds: 3_600 },
  /** the same per client address, across usernames (LOGIN_IP_FAILURES="20/3600") */
  address: parseRate(process.env.LOGIN_IP_FAILURES) ?? { points: 20, perSeconds: 3_600 },
  /** the longest wait between two attempts (LOGIN_MAX_WAIT_SECONDS) */
  maxWaitSeconds: Number(process.env.LOGIN_MAX_WAIT_SECONDS) || 900,
  /** the first wait past the free attempts, doubling from there (LOGIN_FIRST_WAIT_SECONDS) */
  firstWaitSeconds: Number(process.env.LOGIN_FIRST_WAIT_SECONDS) || 1,
  /** sign-ups per client address in a window of seconds (SIGNUP_RATE_LIMIT="10/3600") */
  signUps: parseRate(process.env.SIGNUP_RATE_LIMIT) ?? { points: 10, perSeconds: 3_600 },
};

/** The same sentence whether or not the account exists. */
const signInRefusal = (seconds: number) => `Too many sign-in attempts. Try again in ${waitText(seconds)}.`;
const signUpRefusal = (seconds: number) => `Too many sign-ups from your network. Try again in ${waitText(seconds)}.`;

/** The wait, in seconds, after the `nth` attempt past the free ones: 1, 2, 4, … (from the first wait) capped. */
export function signInWaitSeconds(
  nth: number,
  maxSeconds = authThrottle.maxWaitSeconds,
  firstSeconds = authThrottle.firstWaitSeconds,
): number {
  return Math.max(1, Math.min(maxSeconds, firstSeconds * 2 ** (nth - 1)));
}

type Rate = { points: number; perSeconds: number };
const attempts = (rate: Rate) => rateLimiter("signInAttempts", rate.points, rate.perSeconds);
const waits = () => rateLimiter("signInWaits", 1, authThrottle.maxWaitSeconds);

/** Counts an attempt for `key`; past the free ones it must find no wait running, and starts the next. */
async function takeSignInTurn(key: string, rate: Rate) {
  const counted = await attempts(rate).penalty(key);
  const nth = counted.consumedPoints - rate.points + 1;
  if (nth < 1) return;
  try {
    await waits().consume(key, 1, { customDuration: signInWaitSeconds(nth) });
  } catch (error) {
    await attempts(rate).reward(key);
    throw refusalToAppError(error, signInRefusal);
  }
}

/**
 * Anyone: the user for these credentials from `clientIp`, or 6002004 (wrong username or password),
 * or 6002029 with the wait when the account or the address must wait (checked before the password).
 */
export async function signInThrottled(
  input: { username: string; password: string },
  clientIp: string,
): Promise<UserSummary> {
  const { account: accountRate, address: addressRate } = authThrottle;
  const account = `account:${input.username.trim().toLowerCase().slice(0, 64)}`;
  const address = `ip:${clientIp}`;
  await takeSignInTurn(address, addressRate);
  try {
    await takeSignInTurn(account, accountRate);
  } catch (error) {
    await attempts(addressRate).reward(address);
    throw error;
  }
  const user = await verifyCredentials(input);
  await Promise.all([
    attempts(accountRate).delete(account),
    waits().delete(account),
    attempts(addressRate).reward(address),
  ]);
  return user;
}

/** Anyone: one sign-up from `clientIp`, or 6002029 with the wait past SIGNUP_RATE_LIMIT. */
export async function takeSignUpTurn(clientIp: string) {
  const { points, perSeconds } = authThrottle.signUps;
  try {
    await rateLimiter("signUps", points, perSeconds).consume(clientIp);
  } catch (error) {
    throw refusalToAppError(error, signUpRefusal);
  }
}
