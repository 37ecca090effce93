import { z } from 'zod';
import { defineNodeType, ERROR_PORT, IN_PORT, OUT_PORT } from '../types';
import { credentialField, retryPolicyField, templateField, uniqueBy } from '../fields';
import { timeoutField } from '../http/definition';
import { compileOutputSchema } from '../ai-step/schema';
import { modelConnectionFields } from '../ai-step/definition';
import { workflowIdField } from '../workflow-ref';

/** A tool: a published workflow the model may call (its trigger input fields are the parameters, its output the result). */
export const agentToolSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'Tool name is required')
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/, 'Tool name: letters, digits, _ and - only')
    .meta({ title: 'Name', description: 'What the model calls it, e.g. lookup_order', placeholder: 'lookup_order' }),
  description: z.string().trim().max(2000).default('').meta({ title: 'Description', description: 'When the model should use it', widget: 'textarea' }),
  workflowId: workflowIdField(),
  requiresApproval: z.boolean().default(false).meta({ title: 'Requires approval', description: 'Each call waits in the inbox: approve, edit the arguments, or reject with a reason' }),
});
export type AgentTool = z.infer<typeof agentToolSchema>;

const count = (title: string, max: number) => z.number().int(`${title} must be a whole number`).min(1, `${title} must be at least 1`).max(max, `${title} must be at most ${max}`);

/** Limits of one agent step; exceeding any ends it on `error` with `AGENT_BUDGET`. */
export const agentBudgetsSchema = z
  .object({
    maxModelCalls: count('Max model calls', 200).default(10).meta({ title: 'Max model calls', description: 'Calls to the model in total' }),
    maxTotalTokens: count('Max total tokens', 100_000_000).optional().meta({ title: 'Max total tokens', description: 'Prompt plus completion tokens of all calls; empty = no limit' }),
    maxCostUsd: z.number().min(0.0001, 'Max cost must be at least 0.0001').max(100_000).optional().meta({ title: 'Max cost (USD)', description: 'From the prices per 1,000 tokens an admin sets in Settings; empty = no limit' }),
    maxDurationMs: count('Max duration (ms)', 7 * 86_400_000).optional().meta({ title: 'Max duration (ms)', description: 'From the first model call, waits for tools and approvals included; empty = no limit' }),
  })
  .default({ maxModelCalls: 10 })
  .meta({ title: 'Budgets' });

/**
 * AI agent: a model that calls tools in a loop until it gives a final answer, over the
 * OpenAI-compatible chat-completions tool-calling protocol (`tools`, `tool_calls`,
 * `role: "tool"`). Each tool is a published workflow run as a child run; several calls
 * of one turn run concurrently; a tool with `requiresApproval` waits for a person in
 * the inbox first. Every model call and every tool call is a recorded round of the
 * step (see `lib/engine/awaits.ts`), so a crash repeats nothing that finished.
 * Output on `out`: `{ answer, totals, turns }`; budgets used up (`AGENT_BUDGET`),
 * malformed tool calls past `maxToolErrors` (`AGENT_TOOL_ERROR`), an answer that does
 * not match `outputSchema` twice (`AGENT_OUTPUT_INVALID`) and agents nested too deep
 * (`AGENT_DEPTH`) go out on `error`, never as success.
 */
export const aiAgentConfig = z
  .object({
    ...modelConnectionFields,
    systemPrompt: templateField({ title: 'System prompt', description: 'Instructions for the agent. May contain {{ expressions }}', placeholder: 'You help customers with their orders.' }, { max: 50_000 }).default(''),
    userPrompt: templateField({ title: 'User prompt', description: 'The task. May contain {{ expressions }}', placeholder: 'Customer asks: {{ $input.question }}' }, { required: true, max: 100_000 }),
    tools: z.array(agentToolSchema).max(32, 'At most 32 tools').default([]).meta({ title: 'Tools', description: 'Published workflows the agent may call' }),
    approvers: z.string().max(2000).default('').meta({ title: 'Approvers', description: 'Groups that decide tool calls needing approval; empty = anyone who works on tasks', widget: 'groups' }),
    budgets: agentBudgetsSchema,
    maxToolErrors: count('Max tool errors', 20).default(3).meta({ title: 'Max tool errors', description: 'Model turns with a malformed tool call before the step fails (AGENT_TOOL_ERROR)' }),
    outputSchema: z
      .string()
      .max(50_000)
      .default('')
      .meta({ title: 'Output JSON Schema', description: 'Optional: the final answer must be JSON matching it (asked again once)', widget: 'textarea', placeholder: '{ "type": "object", "properties": { "reply": { "type": "string" } }, "required": ["reply"] }' }),
    temperature: z.number().min(0, 'Temperature must be between 0 and 2').max(2, 'Temperature must be between 0 and 2').optional().meta({ title: 'Temperature', description: '0 to 2; empty = the service default' }),
    timeoutMs: timeoutField(60_000),
    retry: retryPolicyField(),
  })
  .superRefine((c, ctx) => {
    const dup = uniqueBy(c.tools, (t) => t.name);
    if (dup) ctx.addIssue({ code: 'custom', path: ['tools'], message: `tool name "${dup}" is used twice` });
    if (!c.outputSchema.trim()) return;
    try {
      compileOutputSchema(c.outputSchema);
    } catch (err) {
      ctx.addIssue({ code: 'custom', path: ['outputSchema'], message: `Output JSON Schema: ${(err as Error).message}` });
    }
  });
export type AiAgentConfig = z.infer<typeof aiAgentConfig>;

export const aiAgent = defineNodeType({
  type: 'aiAgent',
  label: 'AI agent',
  description: 'A model that calls workflows as tools until it answers; budgets, approvals, a live trace.',
  keywords: ['llm', 'agent', 'tools', 'function calling', 'assistant', 'gpt', 'autonomous'],
  category: 'Actions',
  icon: 'bot',
  accent: '#7c3aed',
  behavior: 'task',
  configSchema: aiAgentConfig,
  defaults: (): AiAgentConfig => ({
    baseUrl: 'https://api.openai.com/v1',
    model: '',
    credentialId: '',
    systemPrompt: '',
    userPrompt: '',
    tools: [],
    approvers: '',
    budgets: { maxModelCalls: 10, maxDurationMs: 600_000 },
    maxToolErrors: 3,
    outputSchema: '',
    timeoutMs: 60_000,
    retry: { maxAttempts: 3, initialIntervalMs: 1000, backoffFactor: 2, maxIntervalMs: 30_000, jitter: 0.2 },
  }),
  inputs: () => [IN_PORT],
  outputs: () => [OUT_PORT, ERROR_PORT],
  summary: (c) => `${c.model || '(no model)'} · ${c.tools.length} tool${c.tools.length === 1 ? '' : 's'}${c.tools.some((t) => t.requiresApproval) ? ' · approval' : ''}`,
});
