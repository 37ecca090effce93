/**
 * Two demo shipping-quote providers for the router example (`lib/templates/routing.ts`),
 * served under `/api/demo/providers/` so it runs offline. They are deliberately unlike:
 *
 * - `POST providers/steady/quote` `{weightKg, country}` → `{provider: "steady", priceEur, etaDays}`;
 *   fails with 503 on about 5 % of calls, answers in about the demo delay.
 * - `POST providers/flaky/quote` → the same shape (`provider: "flaky"`), a little
 *   cheaper and faster, but fails with 503 on about 40 % of calls.
 *
 * Failures are random (that is the point of the demo: the router learns which provider
 * to trust). `BATON_DEMO_PROVIDER_FAIL_<NAME>` (0..1) overrides a provider's failure
 * rate, e.g. `BATON_DEMO_PROVIDER_FAIL_STEADY=1` to watch its breaker open.
 */
import 'server-only';

const PROVIDERS: Record<string, { failRate: number; base: number; perKg: number; etaDays: number; speed: number }> = {
  steady: { failRate: 0.05, base: 12, perKg: 1.9, etaDays: 3, speed: 1 },
  flaky: { failRate: 0.4, base: 9, perKg: 1.6, etaDays: 2, speed: 0.6 },
};

/** Most kilograms a quote accepts. */
const MAX_WEIGHT_KG = 10_000;

function failRate(name: string, fallback: number): number {
  const v = Number(process.env[`BATON_DEMO_PROVIDER_FAIL_${name.toUpperCase()}`]);
  return Number.isFinite(v) && v >= 0 && v <= 1 ? v : fallback;
}

/**
 * Answers `providers/<name>/quote`, or null when `path` is not one of these endpoints.
 * `read` reads the request's JSON object body (under the demo body limit); `delayMs`: the demo delay.
 */
export async function providerEndpoint(path: string[], read: () => Promise<Record<string, unknown>>, sleep: (ms: number) => Promise<unknown>, delayMs: number): Promise<Response | null> {
  if (path.length !== 3 || path[0] !== 'providers' || path[2] !== 'quote') return null;
  const name = path[1]!;
  const p = PROVIDERS[name];
  if (!p) return Response.json({ error: `unknown provider "${name}"; known: ${Object.keys(PROVIDERS).join(', ')}` }, { status: 404 });
  const b = await read();
  const weightKg = typeof b.weightKg === 'number' ? b.weightKg : 1;
  if (!(weightKg > 0 && weightKg <= MAX_WEIGHT_KG)) return Response.json({ error: `weightKg must be a number in (0, ${MAX_WEIGHT_KG}]` }, { status: 400 });
  await sleep(delayMs * p.speed * (0.7 + Math.random() * 0.6));
  if (Math.random() < failRate(name, p.failRate)) return Response.json({ error: `${name} is unavailable, try again later` }, { status: 503 });
  const country = typeof b.country === 'string' && b.country ? b.country.slice(0, 100) : 'Germany';
  return Response.json({ provider: name, country, weightKg, priceEur: Math.round((p.base + p.perKg * weightKg) * 100) / 100, etaDays: p.etaDays });
}
