/**
 * The demo endpoints behind the showcase templates (`lib/templates`), served under
 * `/api/demo/` beside the examples' endpoints so every template runs offline. Answers
 * are deterministic for a given input, apart from generated ids and times.
 *
 * - `POST incidents` `{service, severity, summary}` → `{incidentId, owner, runbook, openedAt}`
 * - `POST incidents/page` `{incidentId, service}` → `{paged, acknowledged: false}`
 * - `POST incidents/status-page` `{incidentId, state, message}` → `{posted, url}`
 * - `POST incidents/resolve` `{incidentId, rootCause, outcome}` → `{incidentId, closed: true, minutesOpen}`
 * - `POST stock/reserve` `{sku, quantity}` → `{reservationId, sku, quantity, amount}` (400 for an unknown sku)
 * - `POST stock/release` `{reservationId}` → `{released: true}`
 * - `POST payments/charge` `{customer, amount}` → `{chargeId, amount, status: "captured"}`
 * - `POST payments/refund` `{chargeId, amount}` → `{refundId, status: "refunded"}`
 * - `POST shipping` `{sku, quantity, country}` → `{trackingNumber, carrier}`; 422 for a country not served (Antarctica)
 * - `POST invoices` `{customer, chargeId, amount}` → `{invoiceId, sentTo}`
 * - `POST documents/check` `{title, url}` → `{pages, readingMinutes, checksum}`
 * - `POST documents/publish` `{title, checksum}` → `{documentId, publishedAt}`
 * - `POST tickets/reply` `{to, subject, body}` → `{messageId, sentAt}`
 * - `POST ai/chat/completions`: an OpenAI-compatible chat completion from a keyword
 *   model (`lib/templates/demo-model.ts`); with `response_format` the content is JSON.
 * - `POST agent/chat/completions`: the scripted tool-calling model of the support agent
 *   example (`lib/templates/demo-agent.ts`): look the order up, propose a refund, answer.
 */
import 'server-only';
import { demoTriage } from '@/lib/templates/demo-model';
import { demoAgentTurn } from '@/lib/templates/demo-agent';

/** Catalogue prices of the demo warehouse, EUR per piece. */
const PRICES: Record<string, number> = { 'A-100': 39, 'B-220': 249, 'C-310': 89, 'D-404': 19 };
const UNSERVED_COUNTRIES = new Set(['antarctica']);

type Body = Record<string, unknown>;
const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
const id = (prefix: string, seed: string) => `${prefix}-${(hashOf(seed + Date.now() + Math.random()) % 1_000_000).toString().padStart(6, '0')}`;

function hashOf(s: string): number {
  let h = 2166136261;
  for (const c of s) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return h;
}

const bad = (message: string, status = 400) => Response.json({ error: message }, { status });

/**
 * Answers a showcase endpoint, or null when `path` is not one of them.
 * `read` reads the request's JSON object body (under the demo body limit).
 */
export async function showcaseEndpoint(path: string[], read: () => Promise<Body>, sleep: (ms: number) => Promise<unknown>, delayMs: number): Promise<Response | null> {
  const route = path.join('/');
  switch (route) {
    case 'incidents': {
      const b = await read();
      const service = str(b.service);
      if (!service) return bad('service is required');
      await sleep(delayMs / 2);
      return Response.json({ incidentId: id('INC', service), owner: `team-${service}`, runbook: `https://runbooks.example.com/${encodeURIComponent(service)}`, openedAt: new Date().toISOString() }, { status: 201 });
    }
    case 'incidents/page':
      await read();
      await sleep(delayMs);
      return Response.json({ paged: 'on-call', acknowledged: false });
    case 'incidents/status-page': {
      const b = await read();
      await sleep(delayMs * 0.8);
      return Response.json({ posted: true, state: str(b.state, 'investigating'), url: `https://status.example.com/incidents/${encodeURIComponent(str(b.incidentId, 'unknown'))}` });
    }
    case 'incidents/resolve': {
      const b = await read();
      await sleep(delayMs / 3);
      return Response.json({ incidentId: str(b.incidentId), closed: true, outcome: str(b.outcome, 'resolved'), minutesOpen: 1 + (hashOf(str(b.incidentId)) % 90) });
    }
    case 'stock/reserve': {
      const b = await read();
      const sku = str(b.sku);
      const quantity = typeof b.quantity === 'number' && b.quantity > 0 ? b.quantity : 1;
      if (!(sku in PRICES)) return bad(`unknown sku "${sku}"; known: ${Object.keys(PRICES).join(', ')}`);
      await sleep(delayMs / 2);
      return Response.json({ reservationId: id('RSV', sku), sku, quantity, amount: PRICES[sku]! * quantity });
    }
    case 'stock/release':
      await read();
      await sleep(delayMs / 3);
      return Response.json({ released: true });
    case 'payments/charge': {
      const b = await read();
      if (typeof b.amount !== 'number' || b.amount <= 0) return bad('amount must be a positive number');
      await sleep(delayMs);
      return Response.json({ chargeId: id('CH', str(b.customer)), amount: b.amount, currency: 'EUR', status: 'captured' }, { status: 201 });
    }
    case 'payments/refund': {
      const b = await read();
      await sleep(delayMs / 2);
      return Response.json({ refundId: id('RF', str(b.chargeId)), chargeId: str(b.chargeId), status: 'refunded' });
    }
    case 'shipping': {
      const b = await read();
      const country = str(b.country);
      await sleep(delayMs);
      if (UNSERVED_COUNTRIES.has(country.trim().toLowerCase())) return bad(`no carrier delivers to ${country}`, 422);
      return Response.json({ trackingNumber: id('TRK', country), carrier: country === 'United States' ? 'UPS' : 'DHL', country });
    }
    case 'invoices': {
      const b = await read();
      await sleep(delayMs / 2);
      return Response.json({ invoiceId: id('INV', str(b.chargeId)), sentTo: str(b.customer), amount: b.amount ?? null }, { status: 201 });
    }
    case 'documents/check': {
      const b = await read();
      const seed = hashOf(str(b.url) + str(b.title));
      await sleep(delayMs);
      const pages = 2 + (seed % 30);
      return Response.json({ pages, readingMinutes: Math.ceil(pages * 2.5), checksum: `sha256:${seed.toString(16).padStart(8, '0')}` });
    }
    case 'documents/publish': {
      const b = await read();
      await sleep(delayMs / 2);
      return Response.json({ documentId: id('DOC', str(b.checksum)), publishedAt: new Date().toISOString() }, { status: 201 });
    }
    case 'tickets/reply': {
      const b = await read();
      if (!str(b.to)) return bad('to is required');
      await sleep(delayMs / 3);
      return Response.json({ messageId: id('MSG', str(b.to)), sentAt: new Date().toISOString() }, { status: 202 });
    }
    case 'agent/chat/completions': {
      const b = await read();
      await sleep(delayMs / 2);
      return Response.json(demoAgentTurn(b));
    }
    case 'ai/chat/completions':
    case 'ai/v1/chat/completions': {
      const b = await read();
      await sleep(delayMs);
      return Response.json(demoTriage(b));
    }
    default:
      return null;
  }
}
