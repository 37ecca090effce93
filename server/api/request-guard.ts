/**
 * The checks a tRPC request passes before tRPC parses it (`app/api/trpc/[trpc]/route.ts`):
 *
 * 1. **Batch size.** A batch (`?batch=1`, procedures comma-separated in the path) holds at
 *    most {@link TRPC_MAX_BATCH_CALLS} (20) calls, GET and POST alike → 400 naming the bound.
 * 2. **No repeated reads.** A GET batch may not hold the same call twice (same procedure,
 *    same input) → 400 naming both positions. A query is a pure read, so a repeat never
 *    tells the caller anything new, while twenty copies of one heavy read (a large run)
 *    in one URL would multiply its cost for the price of one request. Distinct calls in one
 *    batch cost what the same calls cost as separate requests, so they stay allowed; the
 *    browser's query cache never sends the same query twice at once. (Mutations may repeat:
 *    two identical writes are two writes.)
 * 3. **Body size.** The body is read under `BODY_LIMITS.trpc` (8 MiB, `BATON_TRPC_BODY_LIMIT`)
 *    while it streams → 413 with `Connection: close` (`server/http/body.ts`).
 * 4. **Depth.** The JSON input (GET `?input=`, or the body) may nest at most
 *    `JSON_MAX_DEPTH` levels (64, `BATON_JSON_MAX_DEPTH`) → 400 naming the limit.
 *
 * Errors use tRPC's error envelope (`{ error: { message, code: -32600, data: { code, httpStatus } } }`),
 * one per request as tRPC itself answers request-level errors.
 */
import 'server-only';
import { TRPC_MAX_BATCH_CALLS } from '@/lib/trpc/limits';
import { BODY_LIMITS, errorInStyle, limitRequest } from '../http/body';
import { jsonTooDeep, tooDeepMessage } from '../http/json';

/** Where the tRPC route is mounted. */
export const TRPC_ENDPOINT = '/api/trpc';

const badRequest = (message: string) => errorInStyle('trpc', 400, 'bad_request', message);

/** The procedure paths a request calls: `["runs.get", "runs.list"]` for `/api/trpc/runs.get,runs.list?batch=1`. */
export function procedurePaths(url: URL): string[] {
  let path = url.pathname.slice(TRPC_ENDPOINT.length).replace(/^\/+|\/+$/g, '');
  try {
    path = decodeURIComponent(path);
  } catch {
    // left as is: tRPC answers that no such procedure exists
  }
  return url.searchParams.get('batch') === '1' ? path.split(',') : [path];
}

/**
 * Checks the batch size, repeated GET calls, and the depth of the GET `input`.
 * @returns the 400 response to send, or null when the request may go on
 */
export function checkTrpcUrl(method: string, url: URL): Response | null {
  const paths = procedurePaths(url);
  const batch = url.searchParams.get('batch') === '1';
  if (batch && paths.length > TRPC_MAX_BATCH_CALLS)
    return badRequest(`a batch may hold at most ${TRPC_MAX_BATCH_CALLS} procedure calls; this one holds ${paths.length}`);
  if (method !== 'GET') return null;
  const input = url.searchParams.get('input');
  if (input === null) return null;
  if (jsonTooDeep(input)) return badRequest(`input: ${tooDeepMessage()}`);
  if (!batch || paths.length < 2) return null;
  let inputs: unknown;
  try {
    inputs = JSON.parse(input);
  } catch {
    return null; // tRPC answers malformed input itself
  }
  const seen = new Map<string, number>();
  for (let i = 0; i < paths.length; i++) {
    const one = inputs && typeof inputs === 'object' ? (inputs as Record<string, unknown>)[String(i)] : undefined;
    const key = `${paths[i]}\u0000${JSON.stringify(one) ?? ''}`;
    const first = seen.get(key);
    if (first !== undefined)
      return badRequest(`a GET batch may not repeat a call: calls ${first} and ${i} are both ${paths[i]} with the same input`);
    seen.set(key, i);
  }
  return null;
}

/**
 * Runs every check of this module on a tRPC request.
 * @returns `{ req }`: the request to hand to tRPC (re-built around the body read, for POST),
 *   or `{ response }`: the 400/413 to send instead
 */
export async function guardTrpcRequest(req: Request): Promise<{ req: Request; response?: undefined } | { response: Response; req?: undefined }> {
  const refused = checkTrpcUrl(req.method, new URL(req.url));
  if (refused) return { response: refused };
  const limited = await limitRequest(req, BODY_LIMITS.trpc, 'trpc');
  if (limited.response) return { response: limited.response };
  if (jsonTooDeep(limited.bytes)) return { response: badRequest(`input: ${tooDeepMessage()}`) };
  return { req: limited.req };
}
