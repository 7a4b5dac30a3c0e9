import type { NextAuthOptions } from "next-auth";
import { getServerSession } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { AppError, ErrorCode } from "./errors";
import type { Actor } from "./domain/actor";
import { verifyCredentials } from "./domain/users";

/** next-auth v4: Credentials provider, JWT sessions (the only strategy Credentials supports). */
export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 30 * 24 * 3600 },
  pages: { signIn: "/login" },
  providers: [
    CredentialsProvider({
      name: "Username and password",
      credentials: { username: { label: "Username" }, password: { label: "Password", type: "password" } },
      async authorize(credentials) {
        try {
          const user = await verifyCredentials({
            username: credentials?.username ?? "",
            password: credentials?.password ?? "",
          });
          return { id: user.id, name: user.displayName, username: user.username };
        } catch (error) {
          if (error instanceof AppError) return null; // next-auth answers "CredentialsSignin"
          throw error;
        }
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.username = (user as { username?: string }).username;
      }
      return token;
    },
    async session({ session, token }) {
      session.user = { id: token.sub!, name: token.name ?? "", username: (token.username as string) ?? "" };
      return session;
    },
  },
};

declare module "next-auth" {
  interface Session {
    user: { id: string; name: string; username: string };
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
