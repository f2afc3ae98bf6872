import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { authSecret } from "./lib/auth/secret";

// First line only: sends anonymous visitors to sign-in and adds security
// headers. Every page and route handler checks the session and role again
// itself (the proxy can be bypassed, CVE-2025-29927).

const PUBLIC_PAGES = ["/sign-in"];

/**
 * Scripts run only from this origin and only when they carry this response's
 * nonce (Next reads it from the request's CSP header and stamps its own
 * scripts with it; 'strict-dynamic' lets those load the chunks they need).
 * No 'unsafe-inline' for scripts. Styles keep it: React writes inline style
 * attributes, which a nonce cannot cover. `next dev` needs eval for its
 * overlay and hot reload. Without a nonce (API responses run no scripts):
 * scripts from this origin only.
 */
export function contentSecurityPolicy(nonce: string | null, dev = process.env.NODE_ENV === "development"): string {
  return [
    "default-src 'self'",
    `script-src 'self'${nonce ? ` 'nonce-${nonce}' 'strict-dynamic'` : ""}${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ");
}

function secure(response: NextResponse, request: NextRequest, csp: string): NextResponse {
  response.headers.set("Content-Security-Policy", csp);
  response.headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
  response.headers.set("X-Content-Type-Options", "nosniff");
  response.headers.set("X-Frame-Options", "DENY");
  response.headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  // only behind TLS: HSTS on plain http would be ignored or, worse, pin a dev host
  const https = request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
  if (https) response.headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  return response;
}

// JSON and files run no scripts: one fixed policy, no nonce to draw and no request headers to copy
// on the API's hot path (a few hundred dashboard requests a second)
const API_CSP = contentSecurityPolicy(null, false);

export async function proxy(request: NextRequest): Promise<NextResponse> {
  const { pathname, search } = request.nextUrl;
  if (pathname.startsWith("/api/")) return secure(NextResponse.next(), request, API_CSP);
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = contentSecurityPolicy(nonce);
  // the page renders with the nonce: Next takes it from this request header
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", csp);
  const next = () => NextResponse.next({ request: { headers } });
  if (PUBLIC_PAGES.includes(pathname)) return secure(next(), request, csp);
  const token = await getToken({ req: request, secret: authSecret() });
  if (!token) {
    const url = new URL("/sign-in", request.url);
    url.searchParams.set("callbackUrl", `${pathname}${search}`);
    return secure(NextResponse.redirect(url), request, csp);
  }
  return secure(next(), request, csp);
}

export const config = {
  // everything but Next's static files; API routes get the headers and check sessions themselves
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
