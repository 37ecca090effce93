/**
 * Sends a signed-out visitor of a page to the sign-in page with `?next=<path>`, so a
 * shared link (e.g. to an inbox task) opens after signing in. Only looks for the
 * session cookie; the signed-in layout and every API call check the session itself.
 */
import { NextResponse, type NextRequest } from 'next/server';

export function proxy(req: NextRequest) {
  if (req.cookies.has('baton.session_token') || req.cookies.has('__Secure-baton.session_token')) return NextResponse.next();
  const url = req.nextUrl.clone();
  const next = req.nextUrl.pathname + req.nextUrl.search;
  url.pathname = '/sign-in';
  url.search = next === '/' ? '' : `?next=${encodeURIComponent(next)}`;
  return NextResponse.redirect(url);
}

export const config = {
  // Pages only: not the APIs, sign-in, setup, Next's assets or files with an extension.
  matcher: ['/((?!api/|_next/|sign-in|setup|favicon|.*\\.[a-zA-Z0-9]+$).*)'],
};
