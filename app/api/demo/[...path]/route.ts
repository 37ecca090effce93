/**
 * Demo endpoints that Baton serves itself so the seeded examples run offline. They
 * stand in for a credit bureau, provisioning APIs, a payment provider, a warehouse
 * and a shop. Responses are deterministic for a given input; delays (ms) make the
 * live view and parallel branches visible.
 *
 * - `POST /api/demo/credit-check` `{company}` → `{company, score, band}` (score 450–849 from the name)
 * - `POST /api/demo/provision/{system}` → `{system, accountId, provisionedAt}`
 * - `POST /api/demo/payments` `{employee, amount}` → `{paymentId, status: "scheduled"}`
 * - `GET /api/demo/inventory` → `{items: [{sku, name, quantity}]}`
 * - `GET /api/demo/orders` → `{orders: [{sku, quantity}]}`
 * - `GET|POST /api/demo/status/{code}` → that HTTP status (for trying failures)
 * - `GET|POST /api/demo/flaky/{n}` → 503 for the first n calls with the same
 *   `Idempotency-Key` header, then 200 (for trying retries)

 * - `POST /api/demo/providers/{steady|flaky}/quote`: two shipping-quote providers, one
 *   flaky, for the router example (`server/demo/providers.ts`)
 * - the endpoints of the showcase templates (incidents, stock, payments, shipping,
 *   invoices, documents, tickets, an offline chat-completions model): `server/demo/showcase.ts`
 */
import { AppError } from '@/server/errors';
import { BODY_LIMITS, errorInStyle, payloadTooLarge, PayloadTooLargeError, readBody } from '@/server/http/body';
import { parseJson } from '@/server/http/json';
import { showcaseEndpoint } from '@/server/demo/showcase';
import { providerEndpoint } from '@/server/demo/providers';

import { notServedHere } from '@/server/process-role';

export const dynamic = 'force-dynamic';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function hash(s: string): number {
  let h = 2166136261;
  for (const c of s) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return h;
}

/**
 * The JSON object in the body, or `{}` when there is none or it is not JSON. Read under
 * `BODY_LIMITS.demo` (64 KiB) and the JSON depth limit (`server/http/body.ts`, `json.ts`).
 * @throws PayloadTooLargeError; AppError('bad_request') for JSON nested too deeply
 */
async function body(req: Request): Promise<Record<string, unknown>> {
  const text = new TextDecoder().decode(await readBody(req, BODY_LIMITS.demo));
  let b: unknown;
  try {
    b = parseJson(text);
  } catch (err) {
    if (err instanceof AppError) throw err;
    return {};
  }
  return b && typeof b === 'object' ? (b as Record<string, unknown>) : {};
}

/** Runs the endpoint; a body over the limit is a 413, JSON nested too deeply a 400. */
async function answer(req: Request, path: string[]): Promise<Response> {
  try {
    return await handle(req, path);
  } catch (err) {
    if (err instanceof PayloadTooLargeError) return payloadTooLarge(err);
    if (err instanceof AppError) return errorInStyle('rest', 400, 'bad_request', err.message);
    throw err;
  }
}

/** Calls seen per Idempotency-Key by `/api/demo/flaky/{n}` (bounded; oldest forgotten first). */
const flakySeen = new Map<string, number>();

const delay = () => Number(process.env.BATON_DEMO_DELAY_MS ?? 600);

async function handle(req: Request, path: string[]): Promise<Response> {
  const showcase = await showcaseEndpoint(path, () => body(req), sleep, delay());
  if (showcase) return showcase;
  const provider = await providerEndpoint(path, () => body(req), sleep, delay());
  if (provider) return provider;
  const [head, arg] = path;
  switch (head) {
    case 'credit-check': {
      const { company } = await body(req);
      if (typeof company !== 'string' || !company) return Response.json({ error: 'company is required' }, { status: 400 });
      await sleep(delay());
      const score = 450 + (hash(company.toLowerCase()) % 400);
      return Response.json({ company, score, band: score >= 700 ? 'A' : score >= 600 ? 'B' : 'C' });
    }
    case 'provision': {
      const b = await body(req);
      await sleep(delay() + (hash(arg ?? '') % 400));
      return Response.json({ system: arg, accountId: `${(arg ?? 'acct').slice(0, 3).toUpperCase()}-${hash(JSON.stringify(b)) % 100000}`, provisionedAt: new Date().toISOString() });
    }
    case 'payments': {
      const b = await body(req);
      await sleep(delay() / 2);
      return Response.json({ paymentId: `PAY-${hash(JSON.stringify(b) + Date.now()) % 1000000}`, status: 'scheduled' }, { status: 201 });
    }
    case 'inventory':
      await sleep(delay());
      return Response.json({
        items: [
          { sku: 'A-100', name: 'Desk lamp', quantity: 42 },
          { sku: 'B-220', name: 'Office chair', quantity: 12 },
          { sku: 'C-310', name: 'Monitor arm', quantity: 7 },
          { sku: 'D-404', name: 'Cable tray', quantity: 30 },
        ],
      });
    case 'orders':
      await sleep(delay() * 1.3);
      return Response.json({
        orders: [
          { sku: 'B-220', quantity: 5 },
          { sku: 'C-310', quantity: 2 },
          { sku: 'D-404', quantity: 25 },
        ],
      });
    case 'flaky': {
      const n = Number(arg);
      if (!Number.isInteger(n) || n < 0 || n > 10) return Response.json({ error: 'n must be 0–10' }, { status: 400 });
      const key = req.headers.get('idempotency-key') ?? 'anonymous';
      const seen = (flakySeen.get(key) ?? 0) + 1;
      flakySeen.set(key, seen);
      if (flakySeen.size > 10_000) flakySeen.delete(flakySeen.keys().next().value as string);
      await sleep(delay() / 3);
      if (seen <= n) return Response.json({ error: 'temporarily unavailable', attempt: seen }, { status: 503 });
      return Response.json({ ok: true, attempt: seen });
    }
    case 'status': {
      const code = Number(arg);
      if (!Number.isInteger(code) || code < 200 || code > 599) return Response.json({ error: 'status must be 200–599' }, { status: 400 });
      return Response.json({ status: code }, { status: code });
    }
    default:
      return Response.json({ error: `unknown demo endpoint /api/demo/${path.join('/')}` }, { status: 404 });
  }
}

type Ctx = { params: Promise<{ path: string[] }> };
export async function GET(req: Request, { params }: Ctx) {
  return notServedHere(new URL(req.url).pathname) ?? answer(req, (await params).path);
}
export async function POST(req: Request, { params }: Ctx) {
  return notServedHere(new URL(req.url).pathname) ?? answer(req, (await params).path);
}
