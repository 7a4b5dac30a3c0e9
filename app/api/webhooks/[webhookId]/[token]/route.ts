import { readJsonBody } from "@/lib/api/json-body";
import { executeWebhook } from "@/lib/domain/webhooks";
import { httpInit, toFailure, type Result } from "@/lib/errors";
import type { MessageDTO } from "@/lib/dto";

/** A message is 4,000 characters: 64 KB is room for it in any encoding, with the other fields. */
const MAX_BODY_BYTES = 64 * 1024;

/**
 * An incoming webhook: POST {content, username?, avatarUrl?} (Slack's `text` and Discord's
 * `avatar_url` work too). The secret in the URL is the credential: no cookie, no origin check.
 */
export async function POST(request: Request, { params }: { params: Promise<{ webhookId: string; token: string }> }) {
  const { webhookId, token } = await params;
  let result: Result<MessageDTO>;
  try {
    result = { ok: true, data: await executeWebhook(webhookId, token, await readJsonBody(request, MAX_BODY_BYTES)) };
  } catch (error) {
    result = toFailure(error);
  }
  const init = httpInit(result);
  return Response.json(result, {
    ...init,
    headers: { ...(init.headers as Record<string, string>), "Cache-Control": "no-store" },
  });
}
