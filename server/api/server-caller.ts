/**
 * tRPC procedures called from server components, as the person whose request is being
 * rendered: the same context (session cookie or API key from the request's headers),
 * the same input validation and permission checks as a call over HTTP. Pages use it to
 * hand a client component its first data with the HTML, so the browser does not wait
 * for a round trip after hydration before it can draw.
 */
import 'server-only';
import { headers } from 'next/headers';
import { createCaller } from './root';
import { createContext } from './trpc';

/** A tRPC caller for the current request (reads its headers through `next/headers`). */
export async function serverCaller() {
  const h = await headers();
  return createCaller(await createContext(new Request('http://baton.internal/', { headers: new Headers(h) })));
}

/**
 * The result of `call`, or undefined when it throws (not found, forbidden, invalid…):
 * the client then asks over HTTP itself and shows the error as it always did.
 */
export async function prefetched<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch {
    return undefined;
  }
}
