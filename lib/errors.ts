import { ZodError } from "zod";

/** Error codes: SPEC.md's numbering (6001xxx) plus our own in the free 6002xxx range. */
export const ErrorCode = {
  GENERIC: 6001001,
  SERVER: 6001002,
  COMMUNITY_NOT_FOUND: 6001004,
  NOT_IN_COMMUNITY: 6001005,
  ALREADY_IN_COMMUNITY: 6001006,
  NO_PERMISSION: 6001007,
  TOO_MANY_ATTRIBUTES: 6001008,
  ATTRIBUTE_KEY_TOO_LONG: 6001009,
  ATTRIBUTE_VALUE_TOO_LONG: 6001010,
  COMMUNITY_COUNT_LIMIT: 6001012,
  OWNER_CANNOT_LEAVE: 6001031,
  MEMBER_COUNT_LIMIT: 6001032,
  CANNOT_KICK_SELF: 6001033,
  NO_KICK_PERMISSION: 6001034,
  TARGET_RANK_NOT_LOWER: 6001035,
  INVITED_USERS_NOT_FOUND: 6001036,
  OWNER_ONLY: 6001037,
  CANNOT_SET_OWNER: 6001038,
  CANNOT_CHANGE_OWN_ROLE: 6001039,
  CHANNEL_NOT_FOUND: 6001062,
  CHANNEL_COUNT_LIMIT: 6001064,
  CHANNEL_NOT_IN_COMMUNITY: 6001066,
  GENERAL_CHANNEL: 6001065,
  // our own
  INVALID_INPUT: 6002001,
  UNAUTHENTICATED: 6002002,
  USERNAME_TAKEN: 6002003,
  BAD_CREDENTIALS: 6002004,
  USER_NOT_FOUND: 6002005,
  MESSAGE_EMPTY: 6002010,
  MESSAGE_TOO_LONG: 6002011,
  MESSAGE_NOT_FOUND: 6002012,
  INVITE_NOT_FOUND: 6002020,
  INVITE_EXPIRED: 6002021,
  INVITE_USED_UP: 6002022,
  INVITATION_NOT_FOUND: 6002023,
  RATE_LIMITED: 6002029,
  MUTED: 6002030,
  BANNED: 6002031,
  JOIN_REQUEST_NOT_FOUND: 6002032,
  JOIN_MODE_MISMATCH: 6002033,
  SLOWMODE: 6002034,
  CHANNEL_MUTED: 6002035,
  PIN_LIMIT: 6002036,
  REACTION_LIMIT: 6002037,
  REPLY_TARGET_INVALID: 6002038,
  FILE_TOO_LARGE: 6002040,
  UNSUPPORTED_FILE: 6002041,
  EMPTY_FILE: 6002042,
  /** the admin console and its actions, asked by someone who is not an app administrator (answered like "not found") */
  APP_ADMIN_ONLY: 6002050,
  COMMUNITY_DISABLED: 6002051,
  DOWNSTREAM_QUOTA_EXCEEDED: 6002052,
  /** a user or address has as many realtime connections open as allowed */
  TOO_MANY_CONNECTIONS: 6002053,
} as const;
export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

/** A failure the user caused or may see: a SPEC code and a sentence a person understands (and, for a rate limit, the wait). */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCodeValue,
    message: string,
    readonly fieldErrors?: Record<string, string[]>,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export type Failure = { ok: false; code: number; message: string; fieldErrors?: Record<string, string[]>; retryAfterMs?: number };
/** The one result shape of server actions, route handlers and socket acknowledgements. */
export type Result<T> = { ok: true; data: T } | Failure;

export function toFailure(error: unknown): Failure {
  if (error instanceof AppError) {
    return {
      ok: false,
      code: error.code,
      message: error.message,
      ...(error.fieldErrors && { fieldErrors: error.fieldErrors }),
      ...(error.retryAfterMs !== undefined && { retryAfterMs: error.retryAfterMs }),
    };
  }
  if (error instanceof ZodError) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of error.issues) {
      const key = issue.path.join(".") || "_";
      (fieldErrors[key] ??= []).push(issue.message);
    }
    const first = error.issues[0]?.message ?? "Invalid input.";
    return { ok: false, code: ErrorCode.INVALID_INPUT, message: first, fieldErrors };
  }
  console.error("[unexpected error]", error);
  return { ok: false, code: ErrorCode.SERVER, message: "Something went wrong on our side. Please try again." };
}

/** Runs a domain call and answers in the result shape; unknown errors are logged, never leaked. */
export async function toResult<T>(run: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, data: await run() };
  } catch (error) {
    return toFailure(error);
  }
}

/** HTTP status for a failure answered by a route handler. */
export function httpStatus(failure: Failure): number {
  switch (failure.code) {
    case ErrorCode.UNAUTHENTICATED:
      return 401;
    case ErrorCode.NO_PERMISSION:
    case ErrorCode.NOT_IN_COMMUNITY:
    case ErrorCode.NO_KICK_PERMISSION:
    case ErrorCode.OWNER_ONLY:
    case ErrorCode.BANNED:
    case ErrorCode.MUTED:
    case ErrorCode.CHANNEL_MUTED:
    case ErrorCode.GENERAL_CHANNEL:
      return 403;
    case ErrorCode.COMMUNITY_NOT_FOUND:
    case ErrorCode.CHANNEL_NOT_FOUND:
    case ErrorCode.INVITE_NOT_FOUND:
    case ErrorCode.USER_NOT_FOUND:
    case ErrorCode.MESSAGE_NOT_FOUND:
    case ErrorCode.JOIN_REQUEST_NOT_FOUND:
    case ErrorCode.INVITATION_NOT_FOUND:
    case ErrorCode.APP_ADMIN_ONLY:
      return 404;
    case ErrorCode.COMMUNITY_DISABLED:
      return 403;
    case ErrorCode.RATE_LIMITED:
    case ErrorCode.SLOWMODE:
    case ErrorCode.DOWNSTREAM_QUOTA_EXCEEDED:
    case ErrorCode.TOO_MANY_CONNECTIONS:
      return 429;
    case ErrorCode.FILE_TOO_LARGE:
      return 413;
    case ErrorCode.UNSUPPORTED_FILE:
      return 415;
    case ErrorCode.SERVER:
    case ErrorCode.GENERIC:
      return 500;
    default:
      return 400;
  }
}

/** Status and headers of a route handler's JSON answer; a refusal that names its wait says it in Retry-After (whole seconds, rounded up). */
export function httpInit(result: Result<unknown>, headers: Record<string, string> = {}): ResponseInit {
  if (result.ok) return { status: 200, headers };
  const status = httpStatus(result);
  if (status === 429 && result.retryAfterMs !== undefined) headers = { ...headers, "Retry-After": String(Math.max(1, Math.ceil(result.retryAfterMs / 1000))) };
  return { status, headers };
}
