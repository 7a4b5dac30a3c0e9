import { NextResponse } from "next/server";
import { httpInit } from "@/lib/errors";
import { foreignOriginRefusal } from "@/lib/same-origin";

/**
 * Wraps every state-changing route handler (POST/PUT/PATCH/DELETE): a request another origin's page
 * sent (CSRF, including a same-site page on another port) is answered 403 before the handler runs.
 */
export function sameOriginOnly<R extends Request, C>(handler: (request: R, context: C) => Promise<Response>) {
  return async (request: R, context: C): Promise<Response> => {
    const refusal = foreignOriginRefusal(request.headers);
    if (refusal) return NextResponse.json(refusal, httpInit(refusal));
    return handler(request, context);
  };
}
