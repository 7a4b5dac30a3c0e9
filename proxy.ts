import { NextResponse, type NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { contentSecurityPolicy } from "@/lib/security-headers";

/** App pages a signed-out visitor is sent to sign in from (then back where they were). Pages check again. */
const signedInPages = /^\/(?:$|c\/|discover(?:$|\/)|settings(?:$|\/))/;

/** Pages: the sign-in gate, and a Content-Security-Policy with a nonce for this response. */
export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (signedInPages.test(pathname) && !(await getToken({ req: request, secret: process.env.NEXTAUTH_SECRET }))) {
    const login = new URL("/login", request.url);
    login.searchParams.set("callbackUrl", pathname + search);
    return NextResponse.redirect(login);
  }
  const https = request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const policy = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === "development", https });
  // Next reads the nonce from the request's policy and puts it on the scripts it renders
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

// pages only: route handlers take uploads larger than a proxy buffers, and answer JSON or files
export const config = { matcher: ["/((?!api/|_next/static|_next/image|icon.svg|manifest.webmanifest).*)"] };
