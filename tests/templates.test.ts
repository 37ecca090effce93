/**
 * The template gallery over real HTTP against the production build (`npx next build`
 * first): every template becomes a workflow through tRPC, is published and run through
 * REST, its user tasks are decided through the REST API by the people allowed to, and
 * the run reaches its end. Also: workflow names are unique on create, import and
 * rename (409 naming `name`, nothing saved), and `?name=` / `name` gives a new one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATE_IDS } from '@/lib/templates';
import { startServer, type TestServer } from './helpers/server';
import { peopleKeys, trpc, type Person } from './helpers/people';

let server: TestServer;
let people: Record<'admin' | 'alex' | 'sam' | 'priya', Person>;
const SKIP = !!process.env.BATON_SKIP_SERVER_TESTS;

async function api(method: string, path: string, body: unknown, who: Person): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.baseUrl}${path}`, { method, headers: { ...who.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: await res.json().catch(() => null) };
}

/** The run input each template is started with (the fields its manual trigger asks for). */
const INPUT: Record<string, Record<string, unknown>> = {
  'customer-onboarding': { company: 'Acme GmbH', contact: 'ops@acme.example', plan: 'business', seats: 5 },
  'expense-approval': { employee: 'Ann Lee', amount: 250, purpose: 'Conference ticket' },
  'inventory-sync': { threshold: 10 },
  'support-ticket-triage': { customer: 'Ann', message: 'My delivery is late and I am very unhappy.', tier: 'gold', orderTotal: 120 },
  'incident-response': { service: 'checkout', severity: 'SEV1', summary: 'Checkout answers 500 for every card payment.', reporter: 'oncall@example.com' },
  'order-to-cash': { customer: 'buyer@example.com', sku: 'B-220', quantity: 2, country: 'Germany' },
  'document-approval': { title: 'Travel policy 2027', kind: 'policy', url: 'https://docs.example.com/travel', author: 'author@example.com' },
  'ai-ticket-triage': { email: 'ann@example.com', subject: 'Charged twice', message: 'I was charged twice for my invoice, please refund one payment.' },
};

/** Form data a person would type: a plausible value for each field. */
function fill(form: { name: string; type: string; options: string }[]): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  for (const f of form)
    value[f.name] = { number: 1, boolean: true, date: '2027-01-15', email: 'followup@example.com', select: f.options.split(',')[0]?.trim() }[f.type] ?? 'Checked and done.';
  return value;
}

const ENDED = ['succeeded', 'failed', 'cancelled', 'compensated'];

/**
 * Drives run `runId` to its end: whenever it waits, every open task of the run is decided
 * with its first outcome by the first person the server lets decide it (the task's
 * assignee or a candidate; four-eyes tasks need two). @returns the ended run.
 */
async function driveToEnd(runId: string, decided: string[]): Promise<any> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const run = await api('GET', `/api/v1/runs/${runId}`, undefined, people.admin);
    expect(run.status).toBe(200);
    if (ENDED.includes(run.body.status)) return run.body;
    const tasks = await api('GET', `/api/v1/tasks?status=open&runId=${runId}`, undefined, people.admin);
    for (const t of tasks.body as any[]) {
      for (const who of [people.sam, people.priya]) {
        const r = await api('POST', `/api/v1/tasks/${t.id}/complete`, { outcome: t.outcomes[0].id, data: fill(t.form) }, who);
        if (r.status === 403 || r.status === 409) continue;
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        decided.push(`${t.nodeId}:${who.id}`);
        if (r.body.completed) break;
      }
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`run ${runId} did not end within 60 s`);
}

async function fromTemplate(template: string, name?: string): Promise<{ status: number; body: any }> {
  return trpc(server.baseUrl, people.alex.cookie, 'workflows.create', { template, name: name ?? `${template} ${Date.now()}` });
}

describe.skipIf(SKIP)('templates over HTTP', () => {
  beforeAll(async () => {
    server = await startServer({ env: { BATON_DEMO_DELAY_MS: '30' } });
    people = await peopleKeys(server);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    server?.removeDb();
  });

  it('lists the gallery: blank first, every template with a node count and shape', async () => {
    const r = await trpc(server.baseUrl, people.alex.cookie, 'workflows.templates', undefined, 'query');
    expect(r.status).toBe(200);
    const cards = r.body.result.data as { id: string; nodeCount: number; shape: { nodes: unknown[] } }[];
    expect(cards.map((c) => c.id)).toEqual([...TEMPLATE_IDS]);
    for (const c of cards.slice(1)) expect(c.shape.nodes.length).toBe(c.nodeCount);
  });

  it.each(TEMPLATE_IDS.filter((id) => id !== 'blank'))('%s: created, published and run to its end', async (template) => {
    const created = await fromTemplate(template);
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const { id, missingGroups } = created.body.result.data;
    expect(missingGroups).toEqual([]);
    const published = await api('POST', `/api/v1/workflows/${id}/publish`, {}, people.alex);
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    const started = await api('POST', `/api/v1/workflows/${id}/runs`, { input: INPUT[template] }, people.admin);
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const decided: string[] = [];
    const run = await driveToEnd(started.body.runId, decided);
    expect(run.status, JSON.stringify(run.error ?? run.output)).toBe('succeeded');
    if (template === 'document-approval') expect(decided).toEqual(['review:sam', 'review:priya']);
    if (template === 'ai-ticket-triage') expect(run.output).toMatchObject({ status: 'answered', category: 'billing' });
    if (template === 'order-to-cash') expect(run.output).toMatchObject({ status: 'fulfilled', amount: 498 });
  }, 90_000);

  it('order to cash compensates when shipping is refused: the charge is refunded and the stock released', async () => {
    const { id } = (await fromTemplate('order-to-cash')).body.result.data;
    expect((await api('POST', `/api/v1/workflows/${id}/publish`, {}, people.alex)).status).toBe(201);
    const started = await api('POST', `/api/v1/workflows/${id}/runs`, { input: { ...INPUT['order-to-cash'], country: 'Antarctica' } }, people.admin);
    const run = await driveToEnd(started.body.runId, []);
    expect(run.status).toBe('compensated');
    const steps = (run.steps as { nodeId: string; status: string }[]).map((s) => `${s.nodeId}:${s.status}`);
    expect(steps).toEqual(expect.arrayContaining(['refund:succeeded', 'release:succeeded']));
  }, 90_000);

  it('AI ticket triage answers a plain question without a person', async () => {
    const { id } = (await fromTemplate('ai-ticket-triage')).body.result.data;
    expect((await api('POST', `/api/v1/workflows/${id}/publish`, {}, people.alex)).status).toBe(201);
    const started = await api('POST', `/api/v1/workflows/${id}/runs`, { input: { email: 'bo@example.com', subject: 'Opening hours', message: 'When is your shop open on Sundays?' } }, people.admin);
    const decided: string[] = [];
    const run = await driveToEnd(started.body.runId, decided);
    expect(run).toMatchObject({ status: 'succeeded', output: { status: 'answered', category: 'question' } });
    expect(decided).toEqual([]);
  }, 90_000);

  it('refuses a taken name with 409 naming name, on create, import and rename; a new name is accepted', async () => {
    const name = `Quarterly report ${Date.now()}`;
    const first = await trpc(server.baseUrl, people.alex.cookie, 'workflows.create', { name });
    expect(first.status).toBe(200);
    const before = (await api('GET', '/api/v1/workflows', undefined, people.alex)).body.length;

    const again = await trpc(server.baseUrl, people.alex.cookie, 'workflows.create', { name: ` ${name.toUpperCase()} ` });
    expect(again.status).toBe(409);
    expect(again.body.error.data.issues).toEqual([{ path: ['name'], message: `already taken; "${name.toUpperCase()} (2)" is free`, code: 'NAME_TAKEN' }]);

    const document = { schemaVersion: 1, name, description: '', nodes: [], edges: [] };
    const imported = await trpc(server.baseUrl, people.alex.cookie, 'workflows.import', { document });
    expect(imported.status).toBe(409);
    expect(imported.body.error.data.issues[0].path).toEqual(['name']);

    const rest = await api('POST', '/api/v1/workflows', document, people.alex);
    expect(rest.status).toBe(409);
    expect(rest.body.error).toMatchObject({ code: 'conflict', issues: [{ path: ['name'], code: 'NAME_TAKEN' }] });
    expect((await api('GET', '/api/v1/workflows', undefined, people.alex)).body.length).toBe(before);

    const renamedImport = await trpc(server.baseUrl, people.alex.cookie, 'workflows.import', { document, name: `${name} (2)` });
    expect(renamedImport.status).toBe(200);
    const restRenamed = await api('POST', `/api/v1/workflows?name=${encodeURIComponent(`${name} (3)`)}`, document, people.alex);
    expect(restRenamed.status).toBe(201);
    expect((await api('GET', `/api/v1/workflows/${restRenamed.body.id}`, undefined, people.alex)).body.name).toBe(`${name} (3)`);
    expect((await api('POST', '/api/v1/workflows?name=', document, people.alex)).status).toBe(400);

    const rename = await trpc(server.baseUrl, people.alex.cookie, 'workflows.rename', { id: renamedImport.body.result.data.id, name });
    expect(rename.status).toBe(409);
    const template = await fromTemplate('order-to-cash', name);
    expect(template.status).toBe(409);
    expect((await api('GET', '/api/v1/workflows', undefined, people.alex)).body.length).toBe(before + 2);
  });
});
