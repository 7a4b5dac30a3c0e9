import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from "rate-limiter-flexible";
import { AppError, ErrorCode } from "../errors";
import { limits } from "../limits";
import { closeRedis, connectRedis } from "../realtime/redis";
import { processSingleton, processSlot } from "../singletons";

/**
 * Rate limits shared by every app process: counted in Redis when REDIS_URL is set (an in-process
 * count takes over while Redis is down), in this process otherwise. Used by sends (below) and by
 * sign-ins and sign-ups (./auth-throttle.ts).
 */
type LimiterCache = Map<string, RateLimiterAbstract>;
// null: no REDIS_URL (counted in this process)
const redisSlot = processSlot<Redis | null>("rateLimitRedis");
// the names whose caches exist, so that closing can empty them
const limiterNames = processSingleton("rateLimiterNames", () => new Set<string>());

/**
 * The limiter named `name` allowing `points` per `duration` seconds, a process singleton (as
 * `__<name>Limiters`, by setting: limits are meant to be changed at run time).
 */
export function rateLimiter(name: string, points: number, duration: number): RateLimiterAbstract {
  const setting = `${points}/${duration}`;
  const cache = processSingleton<LimiterCache>(`${name}Limiters`, () => new Map());
  limiterNames.add(name);
  let limiter = cache.get(setting);
  if (!limiter) {
    const redis = redisSlot.getOrCreate(connectRedis);
    const local = new RateLimiterMemory({ keyPrefix: `${name}:${setting}`, points, duration });
    limiter = redis
      ? new RateLimiterRedis({
          storeClient: redis,
          keyPrefix: `rl:${name}:${setting}`,
          points,
          duration,
          insuranceLimiter: local,
        })
      : local;
    cache.set(setting, limiter);
  }
  return limiter;
}

/**
 * Closes the Redis connection the limiters share (server.ts at shutdown, after Socket.IO and
 * before the database) and forgets the limiters, so a later call starts over with a new connection.
 */
export async function closeRateLimits() {
  for (const name of limiterNames) processSingleton<LimiterCache>(`${name}Limiters`, () => new Map()).clear();
  await closeRedis(redisSlot.take());
}

/**
 * A limiter's refusal (a RateLimiterRes), known by its shape: tsx (sockets) and Next's bundle (routes)
 * each load their own rate-limiter-flexible, and the limiter on globalThis is made by whichever came
 * first, so `instanceof RateLimiterRes` fails on the other path. Store errors are Errors.
 */
export function isRefusal(error: unknown): error is { msBeforeNext: number; remainingPoints: number } {
  if (typeof error !== "object" || error === null || error instanceof Error) return false;
  const { msBeforeNext, remainingPoints } = error as Record<string, unknown>;
  return typeof msBeforeNext === "number" && typeof remainingPoints === "number";
}

/** A refusal as 6002029 with the wait (`message` is given the wait in whole seconds, at least 1); anything else is thrown as it is. */
export function refusalToAppError(error: unknown, message: (seconds: number) => string): AppError {
  if (!isRefusal(error)) throw error;
  const waitMs = Math.max(0, error.msBeforeNext);
  return new AppError(ErrorCode.RATE_LIMITED, message(Math.max(1, Math.ceil(waitMs / 1000))), undefined, waitMs);
}

/** "1 second", "45 seconds"; whole minutes (rounded up) from two minutes on. */
export function waitText(seconds: number): string {
  if (seconds >= 120) return `${Math.ceil(seconds / 60)} minutes`;
  return `${seconds} ${seconds === 1 ? "second" : "seconds"}`;
}

/** "20/10" (points per seconds, both at least 1) as numbers; null for anything else, so the default applies. */
export function parseRate(value: string | undefined): { points: number; perSeconds: number } | null {
  const match = value?.match(/^(\d+)\/(\d+)$/);
  if (!match || Number(match[1]) < 1 || Number(match[2]) < 1) return null;
  return { points: Number(match[1]), perSeconds: Number(match[2]) };
}

/** How fast one user may send messages (text and attachments alike), in every app process at once. */
export async function takeSendTurn(userId: string) {
  const { messages, perSeconds } = limits.sendRate;
  try {
    await rateLimiter("send", messages, perSeconds).consume(userId);
  } catch (error) {
    throw refusalToAppError(
      error,
      (seconds) =>
        `You are sending messages too fast. Try again in ${seconds} ${seconds === 1 ? "second" : "seconds"}.`,
    );
  }
}
