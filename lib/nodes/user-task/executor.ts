import 'server-only';
import type { Executor } from '../executor';
import { StepError } from '../executor';
import type { UserTaskConfig } from './definition';
import { evaluate, renderTemplate, ExpressionError } from '../../expressions';
import type { Json } from '../../engine/types';
import { addIsoDuration, parseIsoDuration } from '../../util/iso-duration';

/**
 * Renders the task (title, instructions, context) and parks the step; the inbox row
 * is written with the transition. With an escalation and a due time, the result
 * carries the due time (now + dueIn or the due expression, epoch ms), the escalation
 * and the group to reassign to, for the engine's due-date timer; the task row keeps
 * the escalation and group so the inbox can show what will happen.
 */
export const executeUserTask: Executor<UserTaskConfig> = async (config, ctx) => {
  const where = (f: string) => `User task "${ctx.label}" (${ctx.nodeId}) ${f}`;
  try {
    const title = (await renderTemplate(config.title, ctx.scope, where('title'))).slice(0, 300) || ctx.label;
    const description = await renderTemplate(config.description, ctx.scope, where('instructions'));
    const context = config.context.trim() ? ((await evaluate(config.context, ctx.scope, where('context'))) as Json) : null;
    const dueAt = await dueAtOf(config, ctx.scope, ctx.now?.() ?? Date.now(), where);
    const fromExpression = config.assignmentExpression.trim()
      ? userIdsOf(await evaluate(config.assignmentExpression, ctx.scope, where('assignment expression')), where('assignment expression'))
      : [];
    const candidateUsers = [...new Set([...splitIds(config.candidateUsers), ...fromExpression])];
    const escalates = dueAt !== undefined && config.escalation !== 'none';
    const reassignTo = escalates && config.escalation !== 'interrupting' && config.escalateToGroup ? config.escalateToGroup : undefined;
    return {
      ...(escalates ? { due: { at: dueAt, escalation: config.escalation as Exclude<UserTaskConfig['escalation'], 'none'>, ...(reassignTo ? { reassignTo } : {}) } } : {}),
      park: {
        title,
        description,
        assignee: config.assignee,
        candidateUsers,
        candidateGroups: splitIds(config.candidateGroups),
        priority: config.priority,
        dueAt: dueAt ?? null,
        requiredApprovals: config.requiredApprovals,
        starterMayNotApprove: config.starterMayNotApprove,
        escalation: escalates ? config.escalation : 'none',
        escalationGroup: reassignTo ?? null,
        form: config.formFields as unknown as Json,
        outcomes: config.outcomes as unknown as Json,
        context,
      },
    };
  } catch (err) {
    if (err instanceof ExpressionError) throw new StepError(err.message, { code: err.stepCode });
    throw err;
  }
};

/** Ids from a comma-separated list, trimmed, without empties or duplicates. */
export function splitIds(list: string): string[] {
  return [...new Set(list.split(',').map((s) => s.trim()).filter(Boolean))];
}

/** The assignment expression's result as user ids: a non-empty string or a list of them; null/undefined is none. @throws StepError('BAD_ASSIGNMENT') */
export function userIdsOf(v: unknown, where: string): string[] {
  if (v === undefined || v === null) return [];
  const list = Array.isArray(v) ? v : [v];
  if (!list.every((x) => typeof x === 'string' && x.trim() !== '' && x.length <= 100))
    throw new StepError(`${where}: must return a user id or a list of user ids, got ${JSON.stringify(v)?.slice(0, 100)}`, { code: 'BAD_ASSIGNMENT' });
  return (list as string[]).map((x) => x.trim());
}

/** Due time (epoch ms): now + `dueIn`, else the due expression's time; undefined when neither is set. @throws StepError('BAD_DURATION' | 'BAD_DUE') */
async function dueAtOf(config: UserTaskConfig, scope: Parameters<typeof evaluate>[1], now: number, where: (f: string) => string): Promise<number | undefined> {
  if (config.dueIn) {
    const parsed = parseIsoDuration(config.dueIn);
    const added = parsed.ok ? addIsoDuration(now, parsed.value) : parsed;
    if (!added.ok) throw new StepError(`${where('due in')}: ${added.error}`, { code: 'BAD_DURATION' });
    return added.value;
  }
  if (!config.dueExpression.trim()) return undefined;
  const v = await evaluate(config.dueExpression, scope, where('due expression'));
  const at = typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : NaN;
  if (!Number.isFinite(at)) throw new StepError(`${where('due expression')}: must return an ISO-8601 time or epoch milliseconds, got ${JSON.stringify(v)?.slice(0, 100)}`, { code: 'BAD_DUE' });
  return at;
}
