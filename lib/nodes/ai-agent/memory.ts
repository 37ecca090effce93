/**
 * The AI agent's durable memory between rounds (kept on the live step by the engine,
 * `LiveStep.memory`) and the trace entries it logs, pure. The conversation is capped:
 * each tool result is cut to {@link MAX_TOOL_RESULT_CHARS}, and a conversation over
 * {@link MAX_CONVERSATION_CHARS} ends the step with `AGENT_BUDGET`.
 */
import type { Json } from '../../engine/types';
import type { AgentTotals } from './budget';
import type { PinnedTool } from './tools';

/** Longest tool result put into the conversation, characters (longer ones are cut, ending in `…`). */
export const MAX_TOOL_RESULT_CHARS = 16_000;
/** Largest conversation (JSON characters) kept in the run state. */
export const MAX_CONVERSATION_CHARS = 512_000;
/** Longest excerpt of a model answer or tool result in the trace, characters. */
export const EXCERPT_CHARS = 400;

/** A chat-completions message as the agent keeps it. */
export type ChatMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string | null; tool_calls?: { id: string; type: 'function'; function: { name: string; arguments: string } }[] }
  | { role: 'tool'; tool_call_id: string; content: string };

/** A tool call waiting for its result (or for a person's approval first). */
export interface PendingCall {
  id: string;
  name: string;
  args: Record<string, Json>;
  /** `approval`: waiting for a person; `run`: its child run was started. */
  phase: 'approval' | 'run';
  /** Result key of the round that waits for it. */
  key: string;
  /** Set once a person decided: who and whether they changed the arguments. */
  approvedBy?: string;
  edited?: boolean;
}

export interface AgentMemory {
  v: 1;
  /** Epoch ms of the first round (the duration budget counts from here). */
  startedAt: number;
  tools: PinnedTool[];
  messages: ChatMessage[];
  totals: AgentTotals;
  /** Model turns that proposed a malformed tool call so far. */
  toolErrors: number;
  /** The answer did not match the output schema once and the model was asked again. */
  reasked: boolean;
  /** Calls of the last model turn still waiting (absent: the next round calls the model). */
  pending?: PendingCall[];
  /**
   * How the step ends, decided by the last model round and carried out by the next one,
   * so the deciding turn is in the trace first: the final output, or the error to fail with.
   */
  end?: { output: Json } | { error: { code: string; message: string } };
}

/** `text` cut to `max` characters, ending in `…` when cut. */
export function excerpt(text: string, max = EXCERPT_CHARS): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A tool result as the conversation holds it: JSON text, cut to {@link MAX_TOOL_RESULT_CHARS}. */
export function toolContent(value: Json): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return excerpt(text ?? 'null', MAX_TOOL_RESULT_CHARS);
}

/** JSON size of the conversation, characters. */
export function conversationSize(messages: readonly ChatMessage[]): number {
  return JSON.stringify(messages).length;
}

/** One entry of the agent's trace (logged as `step.progress`, shown live in the run view). */
export type TraceEntry =
  | {
      kind: 'model';
      turn: number;
      excerpt: string;
      toolCalls: { id: string; name: string; args: string }[];
      promptTokens: number;
      completionTokens: number;
      costUsd: number | null;
      latencyMs: number;
      totals: AgentTotals;
      /** Malformed calls of this turn, with the error sent back to the model. */
      errors?: { id: string; name: string; problem: string }[];
      /** The answer did not match the output schema; the model was asked again. */
      reasked?: string;
    }
  | { kind: 'approval'; calls: { id: string; name: string; args: Json }[] }
  | {
      kind: 'tools';
      results: { id: string; name: string; args: Json; status: 'succeeded' | 'failed' | 'rejected'; result: string; approvedBy?: string; edited?: boolean; rejectedBy?: string; runId?: string }[];
      totals: AgentTotals;
    };
