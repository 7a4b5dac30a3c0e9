import { ZodError } from "zod";
import { ErrorCode, type ErrorCodeValue, type Failure, type Result } from "./error-codes";

export { ErrorCode, type ErrorCodeValue, type Failure, type Result };

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

/**
 * The HTTP status of every code, answered by route handlers. Total on purpose: a new code without a
 * status does not compile. The rule of thumb:
 * - 400 the request itself is malformed or invalid (validation, empty or too long text, a bad reply target);
 * - 401 nobody is signed in, or the credentials are wrong;
 * - 403 the actor may not do this: missing role or membership, banned or muted, and rules that refuse an
 *   otherwise allowed actor whatever the state (acting on oneself, on an equal or higher rank, on #general);
 * - 404 the thing does not exist for this actor (APP_ADMIN_ONLY too: the admin console hides itself);
 * - 409 the request conflicts with the current state and could succeed once it changes (already a member,
 *   a name taken, a count limit reached, the owner leaving before handing over, the community's join mode);
 * - 410 an invite link that existed but is spent (expired or used up);
 * - 413 / 415 a file too large / of an unsupported type; 429 wait and retry (rate limits, slowmode, quotas);
 * - 500 our side failed.
 */
export const httpStatusOf: Record<ErrorCodeValue, number> = {
  [ErrorCode.GENERIC]: 500,
  [ErrorCode.SERVER]: 500,
  [ErrorCode.COMMUNITY_NOT_FOUND]: 404,
  [ErrorCode.NOT_IN_COMMUNITY]: 403,
  [ErrorCode.ALREADY_IN_COMMUNITY]: 409,
  [ErrorCode.NO_PERMISSION]: 403,
  [ErrorCode.TOO_MANY_ATTRIBUTES]: 409,
  [ErrorCode.ATTRIBUTE_KEY_TOO_LONG]: 400,
  [ErrorCode.ATTRIBUTE_VALUE_TOO_LONG]: 400,
  [ErrorCode.COMMUNITY_COUNT_LIMIT]: 409,
  [ErrorCode.OWNER_CANNOT_LEAVE]: 409,
  [ErrorCode.MEMBER_COUNT_LIMIT]: 409,
  [ErrorCode.CANNOT_KICK_SELF]: 403,
  [ErrorCode.NO_KICK_PERMISSION]: 403,
  [ErrorCode.TARGET_RANK_NOT_LOWER]: 403,
  [ErrorCode.INVITED_USERS_NOT_FOUND]: 404,
  [ErrorCode.OWNER_ONLY]: 403,
  [ErrorCode.CANNOT_SET_OWNER]: 403,
  [ErrorCode.CANNOT_CHANGE_OWN_ROLE]: 403,
  [ErrorCode.CHANNEL_NOT_FOUND]: 404,
  [ErrorCode.CHANNEL_COUNT_LIMIT]: 409,
  [ErrorCode.CHANNEL_NOT_IN_COMMUNITY]: 404,
  [ErrorCode.GENERAL_CHANNEL]: 403,
  [ErrorCode.INVALID_INPUT]: 400,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.USERNAME_TAKEN]: 409,
  [ErrorCode.BAD_CREDENTIALS]: 401,
  [ErrorCode.USER_NOT_FOUND]: 404,
  [ErrorCode.MESSAGE_EMPTY]: 400,
  [ErrorCode.MESSAGE_TOO_LONG]: 400,
  [ErrorCode.MESSAGE_NOT_FOUND]: 404,
  [ErrorCode.INVITE_NOT_FOUND]: 404,
  [ErrorCode.INVITE_EXPIRED]: 410,
  [ErrorCode.INVITE_USED_UP]: 410,
  [ErrorCode.INVITATION_NOT_FOUND]: 404,
  [ErrorCode.RATE_LIMITED]: 429,
  [ErrorCode.MUTED]: 403,
  [ErrorCode.BANNED]: 403,
  [ErrorCode.JOIN_REQUEST_NOT_FOUND]: 404,
  [ErrorCode.JOIN_MODE_MISMATCH]: 409,
  [ErrorCode.SLOWMODE]: 429,
  [ErrorCode.CHANNEL_MUTED]: 403,
  [ErrorCode.PIN_LIMIT]: 409,
  [ErrorCode.REACTION_LIMIT]: 409,
  [ErrorCode.REPLY_TARGET_INVALID]: 400,
  [ErrorCode.FILE_TOO_LARGE]: 413,
  [ErrorCode.UNSUPPORTED_FILE]: 415,
  [ErrorCode.EMPTY_FILE]: 400,
  [ErrorCode.FILE_NOT_FOUND]: 404,
  [ErrorCode.APP_ADMIN_ONLY]: 404,
  [ErrorCode.COMMUNITY_DISABLED]: 403,
  [ErrorCode.DOWNSTREAM_QUOTA_EXCEEDED]: 429,
  [ErrorCode.TOO_MANY_CONNECTIONS]: 429,
  [ErrorCode.CANNOT_BAN_SELF]: 403,
  [ErrorCode.CANNOT_MUTE_SELF]: 403,
  [ErrorCode.ACCOUNT_OWNS_COMMUNITIES]: 409,
  [ErrorCode.ACCOUNT_DISABLED]: 403,
  [ErrorCode.RESET_LINK_INVALID]: 410,
  [ErrorCode.DIRECT_MESSAGES_CLOSED]: 403,
  [ErrorCode.DIRECT_MESSAGE_BLOCKED]: 403,
  [ErrorCode.CONVERSATION_FULL]: 409,
  [ErrorCode.NOT_A_GROUP]: 409,
  [ErrorCode.TOKEN_READ_ONLY]: 403,
  [ErrorCode.API_TOKEN_LIMIT]: 409,
  [ErrorCode.BOT_LIMIT]: 409,
  [ErrorCode.WEBHOOK_LIMIT]: 409,
  [ErrorCode.WEBHOOK_NOT_FOUND]: 404,
  [ErrorCode.WEBHOOK_CHANNEL]: 409,
  [ErrorCode.SUBSCRIPTION_LIMIT]: 409,
  [ErrorCode.OUTBOUND_URL_REFUSED]: 400,
  [ErrorCode.SUBSCRIPTION_NOT_FOUND]: 404,
};

/**
 * HTTP status for a failure answered by a route handler: the table's, and for a code not in it
 * (a Failure's code is a plain number) 400 inside our numbering (6001xxx and 6002xxx: a refusal we
 * have not classified) and 500 outside it (not one of ours: treated like SERVER).
 */
export function httpStatus(failure: Failure): number {
  const { code } = failure;
  if (Object.hasOwn(httpStatusOf, code)) return httpStatusOf[code as ErrorCodeValue];
  return Number.isInteger(code) && code >= 6001000 && code <= 6002999 ? 400 : 500;
}

/** Status and headers of a route handler's JSON answer; a refusal that names its wait says it in Retry-After (whole seconds, rounded up). */
export function httpInit(result: Result<unknown>, headers: Record<string, string> = {}): ResponseInit {
  if (result.ok) return { status: 200, headers };
  const status = httpStatus(result);
  if (status === 429 && result.retryAfterMs !== undefined)
    headers = { ...headers, "Retry-After": String(Math.max(1, Math.ceil(result.retryAfterMs / 1000))) };
  return { status, headers };
}
