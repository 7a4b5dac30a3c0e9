import { getToken } from "next-auth/jwt";

/** The user id in a session cookie header (Socket.IO handshakes), or null. */
export async function userIdFromCookieHeader(cookieHeader: string | undefined): Promise<string | null> {
  const cookies: Record<string, string> = {};
  for (const part of (cookieHeader ?? "").split(";")) {
    const index = part.indexOf("=");
    if (index > 0) cookies[part.slice(0, index).trim()] = decodeURIComponent(part.slice(index + 1).trim());
  }
  // getToken() reads only req.cookies (an object), so the header is parsed first.
  const token = await getToken({ req: { cookies, headers: {} } as never, secret: process.env.NEXTAUTH_SECRET });
  return typeof token?.sub === "string" ? token.sub : null;
}
