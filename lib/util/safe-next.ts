/**
 * Where sign-in may send a person next: only a same-site path (no open redirect).
 * Pure, so both the sign-in page (server) and the sign-in form (client) use it.
 *
 * @param next the `next` query parameter, e.g. `/inbox/task_01?tab=mine`
 * @returns `next` when it is a local path other than the sign-in page, else `/workflows`
 */
export function safeNext(next: string | null | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') && !next.startsWith('/sign-in') ? next : '/workflows';
}
