/**
 * Journey through the node library: create credentials on the Credentials page,
 * configure an HTTP request that authenticates with one, a decision table and a code
 * step in the designer, start the workflow through its webhook with a valid HMAC
 * signature, and read each step's output in the run view; an invalid signature is
 * refused with 401 and starts nothing. The HTTP step calls a real server on
 * 127.0.0.1 that only answers callers presenting the stored bearer token.
 */
import { expect, test, type APIRequestContext } from './fixtures';
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { publish, shot, waitForRunStatus } from './helpers';

const TOKEN = 'crm-token-7f3a9c1e5b';
const SIGNING_SECRET = 'hook-secret-2b8d4e6f';
const HOOK_TOKEN = 'e2eNodeLibraryHookToken_0123456789';

/** A CRM stand-in: `GET /customers/<id>` with `Authorization: Bearer <TOKEN>`, else 401. */
async function startCrm(): Promise<{ url: string; seen: string[]; close: () => Promise<void> }> {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(req.headers.authorization ?? '');
    res.setHeader('content-type', 'application/json');
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      res.statusCode = 401;
      res.end(JSON.stringify({ error: 'unauthorized' }));
      return;
    }
    const id = decodeURIComponent((req.url ?? '').split('/').pop() ?? '');
    res.end(JSON.stringify({ id, name: 'Globex', tier: 'gold' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function workflow(crmUrl: string) {
  const n = (id: string, type: string, label: string, y: number, config: Record<string, unknown>) => ({ id, type, label, position: { x: 0, y }, config });
  return {
    schemaVersion: 1,
    name: 'Order pricing',
    nodes: [
      n('hook', 'webhookTrigger', 'Order received', 0, { token: HOOK_TOKEN, verifySignature: true, signatureHeader: 'X-Baton-Signature', secretCredential: '' }),
      n('crm', 'http', 'Look up customer', 160, { method: 'GET', url: `${crmUrl}/customers/{{ $input.customerId }}`, credentialId: '' }),
      n('rules', 'decisionTable', 'Discount', 320, {
        hitPolicy: 'FIRST',
        table: {
          inputs: [{ label: 'Tier', expression: '$steps.crm.output.body.tier' }],
          outputs: [{ name: 'discount' }],
          rules: [
            { when: ['"gold"'], then: ['10'], note: '' },
            { when: ['-'], then: ['0'], note: '' },
          ],
        },
      }),
      n('price', 'code', 'Price', 480, { code: 'return null;' }),
      n('done', 'end', 'Done', 640, { output: '$steps.price.output' }),
    ],
    edges: [
      { id: 'e1', source: 'hook', sourcePort: 'out', target: 'crm', targetPort: 'in' },
      { id: 'e2', source: 'crm', sourcePort: 'out', target: 'rules', targetPort: 'in' },
      { id: 'e3', source: 'rules', sourcePort: 'out', target: 'price', targetPort: 'in' },
      { id: 'e4', source: 'price', sourcePort: 'out', target: 'done', targetPort: 'in' },
    ],
  };
}

/** Signature headers of a delivery sent now: X-Baton-Timestamp and the HMAC-SHA256 of "<timestamp>.<body>". */
const sign = (body: string, secret: string) => {
  const ts = Math.floor(Date.now() / 1000);
  return { 'X-Baton-Timestamp': String(ts), 'X-Baton-Signature': `sha256=${crypto.createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex')}` };
};

/** How many runs the workflow has (tRPC `runs.list`, what the Runs page shows). */
async function runsOf(request: APIRequestContext, workflowId: string): Promise<number> {
  const res = await request.get(`/api/trpc/runs.list?input=${encodeURIComponent(JSON.stringify({ workflowId }))}`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { result: { data: unknown[] } }).result.data.length;
}

test('credentials, HTTP with auth, decision table and code, started by a signed webhook', async ({ page, request }) => {
  const crm = await startCrm();
  try {
    // Credentials: created in the UI, listed masked.
    await page.goto('/credentials');
    for (const c of [
      { type: 'bearer', name: 'CRM token', field: 'token', secret: TOKEN },
      { type: 'hmac', name: 'Order hook secret', field: 'secret', secret: SIGNING_SECRET },
    ]) {
      await page.getByTestId('new-credential').click();
      await page.getByTestId(`credential-type-${c.type}`).click();
      await page.getByTestId('credential-name').fill(c.name);
      await page.getByTestId(`credential-field-${c.field}`).fill(c.secret);
      await page.getByTestId('save-credential').click();
      await expect(page.locator(`[data-testid="credential-row"][data-name="${c.name}"]`)).toBeVisible();
    }
    await expect(page.getByTestId('credential-table')).not.toContainText(TOKEN);
    await expect(page.getByTestId('credential-table')).not.toContainText(SIGNING_SECRET);
    await shot(page, 'credentials-page');
    const creds = (await (await request.get('/api/v1/credentials')).json()) as { id: string; name: string }[];
    expect(JSON.stringify(creds)).not.toContain(TOKEN);
    const credId = (name: string) => creds.find((c) => c.name === name)!.id;

    // The workflow skeleton comes from the API; its configuration is done in the designer.
    const created = await request.post('/api/v1/workflows', { data: workflow(crm.url) });
    expect(created.status(), await created.text()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    await page.goto(`/workflows/${id}`);
    const node = (nodeId: string) => page.locator(`[data-testid="workflow-node"][data-node-id="${nodeId}"]`);

    await node('hook').click();
    await page.getByTestId('config-field-secretCredential').selectOption(credId('Order hook secret'));
    await expect(page.getByTestId('config-field-token')).toContainText(`/api/hooks/${HOOK_TOKEN}`);

    await node('crm').click();
    await page.getByTestId('config-field-credentialId').selectOption(credId('CRM token'));

    await node('rules').click();
    await page.getByTestId('config-field-table').getByTestId('dt-cell-0-then-0').fill('15');

    await node('price').click();
    await page.getByTestId('config-field-code').fill(
      ['const { discount } = $steps.rules.output.result;', 'console.log(`discount ${discount}%`);', 'return { customer: $steps.crm.output.body.name, total: $input.amount * (100 - discount) / 100 };'].join('\n'),
    );
    await shot(page, 'node-library-designer');
    await page.keyboard.press('Control+s');
    await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');
    await expect(page.getByTestId('problems-count')).toHaveAttribute('data-count', '0');
    await publish(request, id);

    // A wrong signature is refused and starts nothing.
    const body = JSON.stringify({ customerId: 'c-42', amount: 200 });
    const bad = await request.post(`/api/hooks/${HOOK_TOKEN}`, { data: body, headers: { 'content-type': 'application/json', ...sign(body, 'not-the-secret') } });
    expect(bad.status()).toBe(401);
    const unsigned = await request.post(`/api/hooks/${HOOK_TOKEN}`, { data: body, headers: { 'content-type': 'application/json' } });
    expect(unsigned.status()).toBe(401);
    expect(await runsOf(request, id)).toBe(0);

    // The signed call starts a run.
    const ok = await request.post(`/api/hooks/${HOOK_TOKEN}`, { data: body, headers: { 'content-type': 'application/json', ...sign(body, SIGNING_SECRET) } });
    expect(ok.status(), await ok.text()).toBe(202);
    const { runId } = (await ok.json()) as { runId: string };
    await waitForRunStatus(request, runId, 'succeeded');
    expect(await runsOf(request, id)).toBe(1);
    expect(crm.seen).toEqual([`Bearer ${TOKEN}`]);

    // Each step's output in the run view; the token appears nowhere in the run.
    await page.goto(`/runs/${encodeURIComponent(runId)}`);
    await expect(page.getByTestId('run-status')).toHaveText('succeeded');
    for (const [nodeId, text] of [
      ['crm', '"tier": "gold"'],
      ['rules', '"discount": 15'],
      ['price', '"total": 170'],
    ] as const) {
      await page.getByTestId(`step-${nodeId}`).click();
      // Inline steps show their output directly; executed ones under their attempt.
      await expect(page.locator('[data-testid="step-output"], [data-testid="attempt-output"]').first()).toContainText(text);
      if (nodeId === 'price') await shot(page, 'node-library-run');
      await page.getByText('All steps').click();
    }
    const run = await (await request.get(`/api/v1/runs/${encodeURIComponent(runId)}`)).json();
    expect(run.output).toEqual({ customer: 'Globex', total: 170 });
    expect(JSON.stringify(run)).not.toContain(TOKEN);
  } finally {
    await crm.close();
  }
});
