/**
 * The AI agent's running totals and budgets, pure. Costs use prices per 1,000 tokens
 * per model (US dollars), set by an admin in Settings; a model without a price has an
 * unknown cost, and a cost budget cannot be kept for it.
 */

/** Prices of one model, USD per 1,000 tokens. */
export interface ModelPrice {
  promptPer1k: number;
  completionPer1k: number;
}

/** What the conversation has used so far. */
export interface AgentTotals {
  modelCalls: number;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  /** USD; null when some call's model had no price. */
  costUsd: number | null;
}

export interface AgentBudgets {
  maxModelCalls: number;
  maxTotalTokens?: number;
  maxCostUsd?: number;
  /** Wall-clock time from the agent's first round, ms. */
  maxDurationMs?: number;
}

export const ZERO_TOTALS: AgentTotals = { modelCalls: 0, promptTokens: 0, completionTokens: 0, totalTokens: 0, costUsd: 0 };

/** Cost of one call in USD (rounded to 1e-6), or null without a price. */
export function callCost(price: ModelPrice | null, promptTokens: number, completionTokens: number): number | null {
  if (!price) return null;
  return Math.round(((promptTokens / 1000) * price.promptPer1k + (completionTokens / 1000) * price.completionPer1k) * 1e6) / 1e6;
}

/** Totals after one more model call. */
export function addCall(t: AgentTotals, promptTokens: number, completionTokens: number, cost: number | null): AgentTotals {
  return {
    modelCalls: t.modelCalls + 1,
    promptTokens: t.promptTokens + promptTokens,
    completionTokens: t.completionTokens + completionTokens,
    totalTokens: t.totalTokens + promptTokens + completionTokens,
    costUsd: t.costUsd === null || cost === null ? null : Math.round((t.costUsd + cost) * 1e6) / 1e6,
  };
}

/**
 * Which budget is used up, as a sentence, or null. `before: true` asks whether one more
 * model call may start (calls and time); otherwise whether the totals passed a limit
 * (tokens and cost, known only after a call).
 */
export function budgetProblem(b: AgentBudgets, t: AgentTotals, elapsedMs: number, before: boolean): string | null {
  if (before) {
    if (t.modelCalls >= b.maxModelCalls) return `it made ${t.modelCalls} model calls, the most its budget allows (maxModelCalls ${b.maxModelCalls}), without a final answer`;
    if (b.maxDurationMs !== undefined && elapsedMs >= b.maxDurationMs) return `it has worked for ${elapsedMs} ms, past its budget (maxDurationMs ${b.maxDurationMs})`;
    return null;
  }
  if (b.maxTotalTokens !== undefined && t.totalTokens > b.maxTotalTokens) return `it used ${t.totalTokens} tokens, more than its budget (maxTotalTokens ${b.maxTotalTokens})`;
  if (b.maxCostUsd !== undefined && t.costUsd !== null && t.costUsd > b.maxCostUsd) return `it spent $${t.costUsd.toFixed(4)}, more than its budget (maxCostUsd ${b.maxCostUsd})`;
  return null;
}
