/**
 * Runs before Next.js routes a request, for two kinds of request (see `config.matcher`):
 *
 * 1. **Paths whose percent-encoding may be malformed** (`%ff%fe`, a lone `%`, `%zz`,
 *    bytes that are not UTF-8) are answered `400` JSON here when they are. Next.js decodes
 *    the dynamic segments of a route before any handler runs and answered such a path with
 *    a plain-text 500, on every API route and page alike. The matcher lets through only
 *    paths with a `%` that is not a plain ASCII escape, so an ordinary API call never runs
 *    the proxy. (Next.js copies the body of a request that runs the proxy, up to
 *    `experimental.proxyClientMaxBodySize` = 64 KiB in `next.config.js`, and discards the
 *    rest while reading it to the end before answering: no memory held per upload.)
 * 2. **Pages** (not the APIs, sign-in, setup, Next's assets, files with an extension),
 *    for requests without a body only (a body-less GET/HEAD is all a browser sends): a
 *    signed-out visitor goes to the sign-in page with `?next=<path>`, so a shared link
 *    (e.g. to an inbox task) opens after signing in. Only looks for the session cookie;
 *    the signed-in layout and every API call check the session itself.
 */
import { NextResponse, type NextRequest } from 'next/server';

/** The first path segment that is not valid percent-encoded UTF-8, or null. */
export function malformedSegment(pathname: string): string | null {
  for (const segment of pathname.split('/')) {
    if (!segment.includes('%')) continue;
    try {
      decodeURIComponent(segment);
    } catch {
      return segment;
    }
  }
  return null;
}

function isPage(pathname: string): boolean {
  return !/^\/(api\/|_next\/|sign-in|setup|favicon)/.test(pathname) && !/\.[a-zA-Z0-9]+$/.test(pathname);
}

export function proxy(req: NextRequest) {
  const { pathname } = req.nextUrl;
  const bad = malformedSegment(pathname);
  if (bad !== null) {
    const message = `the path segment "${bad.slice(0, 100)}" is not valid percent-encoding (%XX of UTF-8 bytes)`;
    return NextResponse.json({ error: { message, code: 'bad_request', issues: [{ path: ['path'], message: 'malformed percent-encoding' }] } }, { status: 400, headers: { 'Cache-Control': 'no-store' } });
  }
  if (!isPage(pathname)) return NextResponse.next();
  if (req.cookies.has('baton.session_token') || req.cookies.has('__Secure-baton.session_token')) return NextResponse.next();
  const url = req.nextUrl.clone();
  const next = req.nextUrl.pathname + req.nextUrl.search;
  url.pathname = '/sign-in';
  url.search = next === '/' ? '' : `?next=${encodeURIComponent(next)}`;
  return NextResponse.redirect(url);
}

export const config = {
  matcher: [
    // Pages only: not the APIs, sign-in, setup, Next's assets or files with an extension;
    // and only requests without a body (no `Content-Length` or `Transfer-Encoding`), so a
    // POST to a page never has its upload copied for the proxy.
    {
      source: '/((?!api/|_next/|sign-in|setup|favicon|.*\\.[a-zA-Z0-9]+$).*)',
      missing: [
        { type: 'header', key: 'content-length' },
        { type: 'header', key: 'transfer-encoding' },
      ],
    },
    // Any path with a `%` that can be malformed: not followed by two hex digits, or encoding a
    // byte of 0x80 or more (only those can be invalid UTF-8). Plain ASCII escapes (`%41`,
    // `%2F`) never run the proxy.
    '/(.*%(?:[^0-9a-fA-F]|.[^0-9a-fA-F]|[89a-fA-F]|.?$).*)',
  ],
};
