import { NextResponse, type NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";

/** Signed-out visitors of app pages go to sign in, then back where they were. Pages check again. */
export async function proxy(request: NextRequest) {
  const token = await getToken({ req: request, secret: process.env.NEXTAUTH_SECRET });
  if (token) return NextResponse.next();
  const login = new URL("/login", request.url);
  login.searchParams.set("callbackUrl", request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.redirect(login);
}

export const config = { matcher: ["/", "/c/:path*", "/discover"] };
