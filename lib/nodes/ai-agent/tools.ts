/**
 * The AI agent's tools, pure (browser and server): a tool is a published workflow; its
 * trigger's input fields become the tool's JSON Schema parameters (OpenAI-compatible
 * function calling, `tools: [{ type: "function", function: { name, description,
 * parameters } }]`), and a proposed call's arguments are checked against those fields
 * with the same rules as a run's input form (`lib/forms/validate.ts`).
 */
import type { Json } from '../../engine/types';
import type { FormField } from '../fields';
import { selectOptions, validateFormData } from '../../forms/validate';

/** A tool as the agent pins it at its first round: the workflow's version and fields are fixed for the whole conversation. */
export interface PinnedTool {
  name: string;
  description: string;
  workflowId: string;
  version: number;
  requiresApproval: boolean;
  fields: FormField[];
}

/** JSON Schema (draft 2020-12 subset) of a workflow's trigger input fields: one property per field. */
export function parametersOf(fields: readonly FormField[]): Json {
  const properties: Record<string, Json> = {};
  for (const f of fields) {
    const p: Record<string, Json> = { description: f.label };
    switch (f.type) {
      case 'number':
        p.type = 'number';
        if (f.min !== undefined) p.minimum = f.min;
        if (f.max !== undefined) p.maximum = f.max;
        break;
      case 'boolean':
        p.type = 'boolean';
        break;
      case 'select':
        p.type = 'string';
        p.enum = selectOptions(f);
        break;
      case 'date':
        p.type = 'string';
        p.format = 'date';
        break;
      case 'email':
        p.type = 'string';
        p.format = 'email';
        break;
      default:
        p.type = 'string';
        if (f.min !== undefined) p.minLength = f.min;
        if (f.max !== undefined) p.maxLength = f.max;
        if (f.pattern) p.pattern = f.pattern;
    }
    properties[f.name] = p;
  }
  return { type: 'object', properties, required: fields.filter((f) => f.required && f.type !== 'boolean').map((f) => f.name), additionalProperties: false };
}

/** The `tools` array of a chat-completions request. */
export function toolSpecs(tools: readonly PinnedTool[]): Json[] {
  return tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: parametersOf(t.fields) } }));
}

/** A tool call as the model proposed it (`tool_calls[i]`). */
export interface ProposedCall {
  id: string;
  name: string;
  /** The raw `function.arguments` text. */
  arguments: string;
}

/** A checked call: its tool and parsed arguments, or why it cannot run (sent back to the model as the tool result). */
export type CheckedCall = { ok: true; call: ProposedCall; tool: PinnedTool; args: Record<string, Json> } | { ok: false; call: ProposedCall; problem: string };

/** Longest `arguments` text accepted from the model, characters. */
export const MAX_ARGUMENT_CHARS = 64_000;

/** Checks one proposed call: a known tool, arguments that are a JSON object, valid for the tool's input fields. */
export function checkCall(call: ProposedCall, tools: readonly PinnedTool[]): CheckedCall {
  const tool = tools.find((t) => t.name === call.name);
  if (!tool) return { ok: false, call, problem: `there is no tool named "${call.name}"; the tools are ${tools.map((t) => t.name).join(', ') || '(none)'}` };
  if (call.arguments.length > MAX_ARGUMENT_CHARS) return { ok: false, call, problem: `the arguments are ${call.arguments.length} characters, more than ${MAX_ARGUMENT_CHARS}` };
  let parsed: unknown;
  try {
    parsed = call.arguments.trim() === '' ? {} : JSON.parse(call.arguments);
  } catch (err) {
    return { ok: false, call, problem: `the arguments are not valid JSON (${(err as Error).message})` };
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return { ok: false, call, problem: 'the arguments must be a JSON object' };
  const { errors, value } = validateFormData(tool.fields, parsed);
  if (errors.length) return { ok: false, call, problem: `the arguments do not fit the tool's parameters: ${errors.map((e) => e.message).join('; ')}` };
  const known = new Set(tool.fields.map((f) => f.name));
  const extra = Object.keys(value).filter((k) => !known.has(k));
  if (extra.length) return { ok: false, call, problem: `unknown parameter${extra.length > 1 ? 's' : ''} ${extra.join(', ')}` };
  return { ok: true, call, tool, args: value as Record<string, Json> };
}
