import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from "rate-limiter-flexible";
import { AppError, ErrorCode } from "../errors";
import { limits } from "../limits";
import { connectRedis } from "../realtime/redis";

/**
 * How fast one user may send messages (text and attachments alike), in every app process at once:
 * counted in Redis when REDIS_URL is set (an in-process count takes over while Redis is down),
 * in this process otherwise.
 */
const holder = globalThis as typeof globalThis & { __sendLimiters?: Map<string, RateLimiterAbstract>; __rateLimitRedis?: Redis | null };

/** One limiter per setting in force (limits are meant to be changed at run time). */
function sendLimiter() {
  const { messages: points, perSeconds: duration } = limits.sendRate;
  const key = `${points}/${duration}`;
  holder.__sendLimiters ??= new Map();
  let limiter = holder.__sendLimiters.get(key);
  if (!limiter) {
    if (holder.__rateLimitRedis === undefined) holder.__rateLimitRedis = connectRedis();
    const redis = holder.__rateLimitRedis;
    const local = new RateLimiterMemory({ keyPrefix: `send:${key}`, points, duration });
    limiter = redis ? new RateLimiterRedis({ storeClient: redis, keyPrefix: `rl:send:${key}`, points, duration, insuranceLimiter: local }) : local;
    holder.__sendLimiters.set(key, limiter);
  }
  return limiter;
}

/**
 * A limiter's refusal (a RateLimiterRes), known by its shape: tsx (sockets) and Next's bundle (routes)
 * each load their own rate-limiter-flexible, and the limiter on globalThis is made by whichever came
 * first, so `instanceof RateLimiterRes` fails on the other path. Store errors are Errors.
 */
function isRefusal(error: unknown): error is { msBeforeNext: number; remainingPoints: number } {
  if (typeof error !== "object" || error === null || error instanceof Error) return false;
  const { msBeforeNext, remainingPoints } = error as Record<string, unknown>;
  return typeof msBeforeNext === "number" && typeof remainingPoints === "number";
}

export async function takeSendTurn(userId: string) {
  try {
    await sendLimiter().consume(userId);
  } catch (error) {
    if (!isRefusal(error)) throw error;
    const waitMs = Math.max(0, error.msBeforeNext);
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    throw new AppError(
      ErrorCode.RATE_LIMITED,
      `You are sending messages too fast. Try again in ${seconds} ${seconds === 1 ? "second" : "seconds"}.`,
      undefined,
      waitMs,
    );
  }
}
