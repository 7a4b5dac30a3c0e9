import { getToken } from "next-auth/jwt";
import { isSessionLive } from "./domain/sessions";

export type SignedIn = { userId: string; sessionId: string };

/** The live sign-in behind a session cookie header (Socket.IO handshakes), or null. */
export async function sessionFromCookieHeader(cookieHeader: string | undefined): Promise<SignedIn | null> {
  const cookies: Record<string, string> = {};
  for (const part of (cookieHeader ?? "").split(";")) {
    const index = part.indexOf("=");
    if (index > 0) cookies[part.slice(0, index).trim()] = safeDecode(part.slice(index + 1).trim());
  }
  // getToken() reads only req.cookies (an object), so the header is parsed first.
  const token = await getToken({ req: { cookies, headers: {} } as never, secret: process.env.NEXTAUTH_SECRET });
  if (!token || !(await isSessionLive(token.sid, token.sub))) return null;
  return { userId: token.sub as string, sessionId: token.sid as string };
}

const safeDecode = (value: string) => {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};
