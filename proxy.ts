import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { authSecret } from "./lib/auth/secret";

// First line only: sends anonymous visitors to sign-in and adds security
// headers. Every page and route handler checks the session and role again
// itself (the proxy can be bypassed, CVE-2025-29927).

const PUBLIC_PAGES = ["/sign-in"];

const CSP = [
  "default-src 'self'",
  // Next's inline bootstrap scripts; no third-party script sources
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "object-src 'none'",
].join("; ");

function secure(response: NextResponse, request: NextRequest): NextResponse {
  response.headers.set("Content-Security-Policy", CSP);
  response.headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
  response.headers.set("X-Content-Type-Options", "nosniff");
  response.headers.set("X-Frame-Options", "DENY");
  response.headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  // only behind TLS: HSTS on plain http would be ignored or, worse, pin a dev host
  const https = request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
  if (https) response.headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  return response;
}

export async function proxy(request: NextRequest): Promise<NextResponse> {
  const { pathname, search } = request.nextUrl;
  if (PUBLIC_PAGES.includes(pathname) || pathname.startsWith("/api/")) return secure(NextResponse.next(), request);
  const token = await getToken({ req: request, secret: authSecret() });
  if (!token) {
    const url = new URL("/sign-in", request.url);
    url.searchParams.set("callbackUrl", `${pathname}${search}`);
    return secure(NextResponse.redirect(url), request);
  }
  return secure(NextResponse.next(), request);
}

export const config = {
  // everything but Next's static files; API routes get the headers and check sessions themselves
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
