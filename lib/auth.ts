import type { NextAuthOptions } from "next-auth";
import { getServerSession } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { AppError, ErrorCode, toFailure } from "./errors";
import type { Actor } from "./domain/actor";
import { signInThrottled } from "./domain/auth-throttle";
import { CLIENT_IP_HEADER } from "./client-ip";
import { endSession, liveSession, openSession } from "./domain/sessions";

/** The JWT names a session that was signed out (or never existed). */
const SESSION_ENDED = "SessionEnded";
class SessionEndedError extends Error {
  name = SESSION_ENDED;
}

/** next-auth v4: Credentials provider, JWT sessions (the only strategy Credentials supports). */
export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 30 * 24 * 3600 },
  pages: { signIn: "/login" },
  events: {
    signOut: ({ token }) => endSession(token?.sid),
  },
  logger: {
    error(code, metadata) {
      if (code === "JWT_SESSION_ERROR" && (metadata as Error)?.name === SESSION_ENDED) return; // a signed-out cookie, not a fault
      console.error(`[next-auth][error][${code}]`, metadata);
    },
  },
  providers: [
    CredentialsProvider({
      name: "Username and password",
      credentials: { username: { label: "Username" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        const clientIp = String(req.headers?.[CLIENT_IP_HEADER] ?? "unknown"); // stamped by server.ts
        try {
          const user = await signInThrottled(
            { username: credentials?.username ?? "", password: credentials?.password ?? "" },
            clientIp,
          );
          const userAgent = String(req.headers?.["user-agent"] ?? "");
          return { id: user.id, name: user.displayName, username: user.username, userAgent };
        } catch (error) {
          const failure = toFailure(error); // logs what is not a user's failure
          if (failure.code === ErrorCode.BAD_CREDENTIALS || failure.code === ErrorCode.INVALID_INPUT) return null; // next-auth answers "CredentialsSignin"
          // Any other message reaches signIn() as its `error` and the form shows it: the wait (the same for every username), or a generic sentence.
          throw new Error(failure.message, { cause: error });
        }
      },
    }),
  ],
  callbacks: {
    // Every read of the session (pages, actions, routes, /api/auth/session) asks whether this sign-in still counts.
    // The names come from the account as it is now (they change in user settings).
    async jwt({ token, user }) {
      if (user) {
        const signedIn = user as { username?: string; userAgent?: string };
        token.sub = user.id;
        token.username = signedIn.username;
        token.sid = await openSession(user.id, signedIn.userAgent);
        return token;
      }
      const live = await liveSession(token.sid, token.sub);
      if (!live) throw new SessionEndedError(); // next-auth answers "no session" and clears the cookie
      token.name = live.displayName;
      token.username = live.username;
      return token;
    },
    async session({ session, token }) {
      session.user = { id: token.sub!, name: token.name ?? "", username: (token.username as string) ?? "" };
      session.sessionId = String(token.sid ?? "");
      return session;
    },
  },
};

declare module "next-auth" {
  interface Session {
    user: { id: string; name: string; username: string };
    /** the UserSession row this browser signed in as (user settings list and end sessions by it) */
    sessionId: string;
  }
}

/** The signed-in actor for pages, actions and route handlers; 6002002 when signed out. */
export async function requireActor(): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) throw new AppError(ErrorCode.UNAUTHENTICATED, "Please sign in first.");
  return actor;
}

export async function currentActor(): Promise<Actor | null> {
  const session = await getServerSession(authOptions);
  return session?.user?.id ? { userId: session.user.id } : null;
}

/** The signed-in actor and the session asking (user settings: "this browser" stays signed in). */
export async function requireActorSession(): Promise<{ actor: Actor; sessionId: string }> {
  const session = await getServerSession(authOptions);
  if (!session?.user?.id) throw new AppError(ErrorCode.UNAUTHENTICATED, "Please sign in first.");
  return { actor: { userId: session.user.id }, sessionId: session.sessionId };
}
