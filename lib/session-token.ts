import { hkdfSync } from "node:crypto";
import { jwtDecrypt } from "jose";
import { getToken, type JWTDecodeParams } from "next-auth/jwt";
import { liveSession } from "./domain/sessions";
import type { PresenceMode } from "./dto";

export type SignedIn = { userId: string; sessionId: string; presenceMode: PresenceMode };

/** The live sign-in behind a session cookie header (Socket.IO handshakes), or null. */
export async function sessionFromCookieHeader(cookieHeader: string | undefined): Promise<SignedIn | null> {
  const cookies: Record<string, string> = {};
  for (const part of (cookieHeader ?? "").split(";")) {
    const index = part.indexOf("=");
    if (index > 0) cookies[part.slice(0, index).trim()] = safeDecode(part.slice(index + 1).trim());
  }
  // getToken() reads only req.cookies (an object), so the header is parsed first.
  const token = await getToken({ req: { cookies, headers: {} } as never, secret: process.env.NEXTAUTH_SECRET, decode });
  const live = token ? await liveSession(token.sid, token.sub) : null;
  if (!token || !live) return null;
  return { userId: token.sub as string, sessionId: token.sid as string, presenceMode: live.presenceMode };
}

/**
 * The API token a client presents: a socket's `auth.token` or an `Authorization: Bearer …` header;
 * null when it presents none (a browser relying on its cookie), "" when the header is malformed.
 */
export function bearerToken(authToken: unknown, authorization: string | string[] | undefined | null): string | null {
  if (typeof authToken === "string") return authToken;
  if (typeof authorization !== "string") return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return match ? match[1] : "";
}

const safeDecode = (value: string) => {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};

/**
 * next-auth's own decode (an A256GCM JWE under a key derived from the secret), with the key derived
 * once per secret instead of on every handshake: a reconnect storm derives it thousands of times.
 */
async function decode({ token, secret }: JWTDecodeParams) {
  if (!token) return null;
  const { payload } = await jwtDecrypt(token, encryptionKey(String(secret)), { clockTolerance: 15 });
  return payload;
}

const derivedKeys = new Map<string, Uint8Array>();
function encryptionKey(secret: string) {
  let key = derivedKeys.get(secret);
  if (!key) {
    key = new Uint8Array(hkdfSync("sha256", secret, "", "NextAuth.js Generated Encryption Key", 32));
    derivedKeys.set(secret, key);
  }
  return key;
}
