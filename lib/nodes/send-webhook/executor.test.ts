/** Send webhook against a real receiver on 127.0.0.1. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecutorContext } from '../executor';
import { StepError } from '../executor';
import { executeSendWebhook } from './executor';
import { sendWebhookConfig, type SendWebhookConfig } from './definition';
import { verifyWebhook } from './sign';
import { sendJson, startServer } from '@/tests/helpers/http-server';

let hook: Awaited<ReturnType<typeof startServer>>;
const NOW = Date.UTC(2025, 0, 1, 12);

beforeAll(async () => {
  hook = await startServer((req, res) => {
    if (req.url === '/moved') return res.writeHead(301, { location: '/elsewhere' }).end();
    if (req.url === '/gone') return sendJson(res, 410, { error: 'gone' });
    sendJson(res, 202, { received: true });
  });
});
afterAll(() => hook.close());

function ctx(input: unknown = {}): ExecutorContext {
  return {
    runId: 'r1', stepId: 'hook#1', nodeId: 'hook', label: 'Notify', attempt: 1, idempotencyKey: 'r1:hook#1',
    signal: new AbortController().signal,
    scope: { input, steps: {}, vars: {}, run: { id: 'r1', workflowId: 'wf', version: 1, startedAt: new Date(0).toISOString() } },
    baseUrl: hook.url, log: () => {}, now: () => NOW,
    credential: async (id): Promise<{ type: string; data: Record<string, string> }> =>
      id === 'cred_sign' ? { type: 'hmac', data: { header: 'X-Baton-Signature', secret: 'whsec-abc-123' } } : { type: 'bearer', data: { token: 'tok-777777' } },
  };
}
const config = (c: Partial<SendWebhookConfig>): SendWebhookConfig => sendWebhookConfig.parse({ url: '/hook', payload: '{ "event": "order.approved", "id": $input.id }', ...c });

describe('Send webhook', () => {
  it('POSTs the payload as JSON with a verifiable HMAC signature and delivery id', async () => {
    const r = await executeSendWebhook(config({ credentialId: 'cred_sign' }), ctx({ id: 42 }));
    expect((r as { output: { status: number; body: unknown } }).output).toMatchObject({ status: 202, body: { received: true } });
    const got = hook.seen.at(-1)!;
    expect(got.method).toBe('POST');
    expect(got.body).toBe('{"event":"order.approved","id":42}');
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.headers['x-baton-delivery']).toBe('r1:hook#1');
    expect(got.headers['x-baton-timestamp']).toBe(String(NOW / 1000));
    expect(verifyWebhook('whsec-abc-123', NOW / 1000, got.body, String(got.headers['x-baton-signature']))).toBe(true);
    expect(verifyWebhook('whsec-abc-123', NOW / 1000, `${got.body} `, String(got.headers['x-baton-signature']))).toBe(false);
  });

  it('authenticates with a bearer credential instead', async () => {
    await executeSendWebhook(config({ credentialId: 'cred_bearer' }), ctx({ id: 1 }));
    expect(hook.seen.at(-1)!.headers.authorization).toBe('Bearer tok-777777');
  });

  it('does not follow redirects, maps statuses, and is guarded', async () => {
    const moved = await executeSendWebhook(config({ url: '/moved' }), ctx()).catch((e: StepError) => e);
    expect((moved as StepError).opts).toMatchObject({ code: 'HTTP_301' });
    expect((moved as StepError).message).toContain('webhooks do not follow redirects');
    const gone = await executeSendWebhook(config({ url: '/gone' }), ctx()).catch((e: StepError) => e);
    expect((gone as StepError).opts).toMatchObject({ code: 'HTTP_410', retryable: false });
    const blocked = await executeSendWebhook(config({ url: 'http://169.254.169.254/hook' }), ctx()).catch((e: StepError) => e);
    expect((blocked as StepError).opts).toMatchObject({ code: 'BLOCKED' });
  });
});
