import { AppError, ErrorCode } from "../errors";

/** A request's JSON body, read no further than `maxBytes` (6002001 if longer, not JSON or not declared JSON). */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type))
    throw new AppError(ErrorCode.INVALID_INPUT, "Send the body as JSON (Content-Type: application/json).");
  const tooLarge = () => new AppError(ErrorCode.INVALID_INPUT, `The body may be at most ${maxBytes / 1024} KB.`);
  if (Number(request.headers.get("content-length")) > maxBytes) throw tooLarge();
  // read no further than the limit, whatever the body declares (or does not)
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body?.getReader();
  for (let next = await reader?.read(); reader && next && !next.done; next = await reader.read()) {
    size += next.value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(next.value);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new AppError(ErrorCode.INVALID_INPUT, "The body is not valid JSON.");
  }
}
