import { z } from 'zod';
import { defineNodeType, ERROR_PORT, IN_PORT, OUT_PORT } from '../types';
import { credentialField, retryPolicyField, templateField } from '../fields';
import { timeoutField } from '../http/definition';
import { compileOutputSchema } from './schema';

export const AI_RESPONSE_FORMATS = ['text', 'json'] as const;

/**
 * The fields that reach an OpenAI-compatible chat-completions API, shared by the AI step
 * and the AI agent: `baseUrl` (`/chat/completions` is appended), `model`, `credentialId`.
 */
export const modelConnectionFields = {
  baseUrl: z
    .string()
    .trim()
    .min(1, 'Base URL is required')
    .max(2000)
    .default('https://api.openai.com/v1')
    .meta({ title: 'Base URL', description: 'Of the OpenAI-compatible API; /chat/completions is appended', placeholder: 'https://api.openai.com/v1' }),
  model: z.string().trim().min(1, 'Model is required').max(200).meta({ title: 'Model', placeholder: 'gpt-4o-mini' }),
  credentialId: credentialField({ title: 'API key', description: 'A stored OpenAI-compatible or bearer credential; empty for services without a key', types: ['openai', 'bearer'] }),
};

/**
 * AI step: one call to an OpenAI-compatible chat-completions endpoint
 * (`<baseUrl>/chat/completions`: OpenAI, Azure OpenAI, Ollama, vLLM, LM Studio, …)
 * with a system and a user prompt written as templates (`{{ $input.text }}`). With
 * `responseFormat: json` the answer is parsed as JSON and, when `jsonSchema` is set,
 * checked against that JSON Schema (also sent to the service as `response_format`).
 * The API key comes from a stored credential. Output: `{ content, model, finishReason,
 * usage: { promptTokens, completionTokens, totalTokens } }`. Network errors, timeouts,
 * 408, 429 (with `Retry-After`) and 5xx, and answers that do not match the schema, are
 * retryable under the node's retry policy. Ports: `out`, `error`.
 */
export const aiStepConfig = z
  .object({
    ...modelConnectionFields,
    systemPrompt: templateField({ title: 'System prompt', description: 'Instructions for the model. May contain {{ expressions }}', placeholder: 'You classify support tickets.' }, { max: 50_000 }).default(''),
    userPrompt: templateField({ title: 'User prompt', description: 'The request. May contain {{ expressions }}', placeholder: 'Ticket: {{ $input.text }}' }, { required: true, max: 100_000 }),
    responseFormat: z.enum(AI_RESPONSE_FORMATS).default('text').meta({ title: 'Response format', description: 'text: the answer as a string; json: parsed as JSON' }),
    jsonSchema: z
      .string()
      .max(50_000)
      .default('')
      .meta({ title: 'JSON Schema', description: 'Optional, with the json format: the answer must match it', widget: 'textarea', placeholder: '{ "type": "object", "properties": { "label": { "type": "string" } }, "required": ["label"] }' }),
    temperature: z.number().min(0, 'Temperature must be between 0 and 2').max(2, 'Temperature must be between 0 and 2').optional().meta({ title: 'Temperature', description: '0 to 2; empty = the service default' }),
    maxTokens: z.number().int('Max tokens must be a whole number').min(1, 'Max tokens must be at least 1').max(1_000_000).optional().meta({ title: 'Max tokens', description: 'Longest answer; empty = the service default' }),
    timeoutMs: timeoutField(60_000),
    retry: retryPolicyField(),
  })
  .superRefine((c, ctx) => {
    if (!c.jsonSchema.trim()) return;
    if (c.responseFormat !== 'json') ctx.addIssue({ code: 'custom', path: ['jsonSchema'], message: 'A JSON Schema needs the json response format' });
    try {
      compileOutputSchema(c.jsonSchema);
    } catch (err) {
      ctx.addIssue({ code: 'custom', path: ['jsonSchema'], message: `JSON Schema: ${(err as Error).message}` });
    }
  });
export type AiStepConfig = z.infer<typeof aiStepConfig>;

export const aiStep = defineNodeType({
  type: 'aiStep',
  label: 'AI step',
  description: 'Asks an OpenAI-compatible model; optional JSON output checked by a schema.',
  keywords: ['llm', 'gpt', 'prompt', 'agent', 'model', 'generate', 'summarize'],
  category: 'Actions',
  icon: 'sparkles',
  accent: '#a855f7',
  behavior: 'task',
  configSchema: aiStepConfig,
  defaults: (): AiStepConfig => ({
    baseUrl: 'https://api.openai.com/v1',
    model: '',
    credentialId: '',
    systemPrompt: '',
    userPrompt: '',
    responseFormat: 'text',
    jsonSchema: '',
    timeoutMs: 60_000,
  }),
  inputs: () => [IN_PORT],
  outputs: () => [OUT_PORT, ERROR_PORT],
  summary: (c) => `${c.model || '(no model)'}${c.responseFormat === 'json' ? ' · JSON' : ''}`,
});
