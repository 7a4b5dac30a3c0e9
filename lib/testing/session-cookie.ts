import { encode } from "next-auth/jwt";
import { openSession } from "../domain/sessions";

/** A real sign-in for a user, as the `next-auth.session-token` cookie a browser would send (tests, benchmarks). */
export async function sessionCookieFor(userId: string, name = "test"): Promise<string> {
  const sid = await openSession(userId);
  const token = await encode({ token: { sub: userId, name, sid }, secret: process.env.NEXTAUTH_SECRET! });
  return `next-auth.session-token=${token}`;
}
