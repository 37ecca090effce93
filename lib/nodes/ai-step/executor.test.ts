/** The AI step against a real chat-completions server on 127.0.0.1. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecutorContext } from '../executor';
import { StepError } from '../executor';
import { executeAiStep } from './executor';
import { aiStepConfig, type AiStepConfig } from './definition';
import { startChatServer } from '@/tests/helpers/chat-server';

let chat: Awaited<ReturnType<typeof startChatServer>>;
const KEY = 'sk-test-123456';

beforeAll(async () => {
  chat = await startChatServer({ apiKey: KEY });
});
afterAll(() => chat.close());

function ctx(input: unknown = {}, credentials: Record<string, { type: string; data: Record<string, string> }> = { cred_ai: { type: 'openai', data: { apiKey: KEY } } }): ExecutorContext {
  return {
    runId: 'r1', stepId: 'ai#1', nodeId: 'ai', label: 'Classify', attempt: 1, idempotencyKey: 'r1:ai#1',
    signal: new AbortController().signal,
    scope: { input, steps: {}, vars: {}, run: { id: 'r1', workflowId: 'wf', version: 1, startedAt: new Date(0).toISOString() } },
    baseUrl: chat.url, log: () => {}, now: () => 0,
    credential: async (id) => {
      const c = credentials[id];
      if (!c) throw new StepError(`credential ${id} does not exist`, { code: 'CREDENTIAL_NOT_FOUND' });
      return c;
    },
  };
}

const SCHEMA = JSON.stringify({ type: 'object', properties: { label: { type: 'string' }, score: { type: 'integer', minimum: 0 } }, required: ['label', 'score'] });
const config = (c: Partial<AiStepConfig>): AiStepConfig => aiStepConfig.parse({ baseUrl: chat.baseUrl, model: 'echo', credentialId: 'cred_ai', userPrompt: 'hi', ...c });

async function stepError(p: Promise<unknown>): Promise<StepError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof StepError) return err;
    throw err;
  }
  throw new Error('expected a StepError');
}

describe('AI step', () => {
  it('renders the prompts, sends the key and returns the answer with usage', async () => {
    const r = await executeAiStep(config({ systemPrompt: 'You sort tickets for {{ $input.team }}.', userPrompt: 'Ticket: {{ $input.text }}', temperature: 0, maxTokens: 50 }), ctx({ team: 'Ops', text: 'Invoice wrong' }));
    expect((r as { output: unknown }).output).toEqual({ content: 'Ticket: Invoice wrong', model: 'echo-2025', finishReason: 'stop', usage: { promptTokens: 11, completionTokens: 7, totalTokens: 18 } });
    const sent = JSON.parse(chat.seen.at(-1)!.body);
    expect(sent).toEqual({ model: 'echo', messages: [{ role: 'system', content: 'You sort tickets for Ops.' }, { role: 'user', content: 'Ticket: Invoice wrong' }], temperature: 0, max_tokens: 50 });
    expect(chat.seen.at(-1)!.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('parses JSON answers (also fenced) and checks them against the schema', async () => {
    const r = await executeAiStep(config({ model: 'json-fenced', responseFormat: 'json', jsonSchema: SCHEMA }), ctx());
    expect((r as { output: { content: unknown } }).output.content).toEqual({ label: 'billing', score: 3 });
    expect(JSON.parse(chat.seen.at(-1)!.body).response_format).toEqual({ type: 'json_schema', json_schema: { name: 'output', schema: JSON.parse(SCHEMA) } });
    const wrong = await stepError(executeAiStep(config({ model: 'json-wrong', responseFormat: 'json', jsonSchema: SCHEMA }), ctx()));
    expect(wrong.opts).toMatchObject({ code: 'AI_OUTPUT_INVALID', retryable: true });
    expect(wrong.message).toContain('does not match the JSON Schema: score:');
    const prose = await stepError(executeAiStep(config({ model: 'prose', responseFormat: 'json' }), ctx()));
    expect(prose.opts.code).toBe('AI_OUTPUT_INVALID');
    expect(JSON.parse(chat.seen.at(-1)!.body).response_format).toEqual({ type: 'json_object' });
  });

  it('refuses a JSON answer nested deeper than the response depth limit (AI_OUTPUT_INVALID), before parsing it', async () => {
    const deep = await stepError(executeAiStep(config({ model: 'echo', responseFormat: 'json', userPrompt: `${'['.repeat(5000)}1${']'.repeat(5000)}` }), ctx()));
    expect(deep.opts.code).toBe('AI_OUTPUT_INVALID');
    expect(deep.message).toMatch(/nested deeper than 256 levels/);
  });

  it.each([
    ['a rate limit', 'busy-99', 'HTTP_429', true],
    ['an outage', 'down', 'HTTP_503', true],
    ['a refusal', 'refuse', 'AI_REFUSED', false],
  ])('maps %s to a step error', async (_, model, code, retryable) => {
    const e = await stepError(executeAiStep(config({ model }), ctx()));
    expect(e.opts).toMatchObject({ code, retryable });
  });

  it('fails without retry on a wrong key and on a bad schema', async () => {
    const e = await stepError(executeAiStep(config({}), ctx({}, { cred_ai: { type: 'openai', data: { apiKey: 'sk-wrong-000' } } })));
    expect(e.opts).toMatchObject({ code: 'HTTP_401', retryable: false });
    expect(aiStepConfig.safeParse({ model: 'm', userPrompt: 'x', responseFormat: 'json', jsonSchema: '{"type":"nope"}' }).error?.issues[0]).toMatchObject({ path: ['jsonSchema'], message: expect.stringContaining('Unsupported type') });
    expect(aiStepConfig.safeParse({ model: 'm', userPrompt: 'x', jsonSchema: SCHEMA }).error?.issues[0]?.message).toBe('A JSON Schema needs the json response format');
  });
});
