import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth";
import { sameOriginOnly } from "../../_shared/same-origin-only";

const handler = NextAuth(authOptions);
export { handler as GET };
/** Sign-in and sign-out: next-auth's CSRF token, and this app's origin as for every other POST. */
export const POST = sameOriginOnly(handler);
