import 'server-only';
import type { Executor } from '../executor';
import { StepError } from '../executor';
import type { UserTaskConfig } from './definition';
import { evaluate, renderTemplate, ExpressionError } from '../../expressions';
import type { Json } from '../../engine/types';

/** Renders the task (title, instructions, context) and parks the step; the inbox row is written with the transition. */
export const executeUserTask: Executor<UserTaskConfig> = async (config, ctx) => {
  const where = (f: string) => `User task "${ctx.label}" (${ctx.nodeId}) ${f}`;
  try {
    const title = (await renderTemplate(config.title, ctx.scope, where('title'))).slice(0, 300) || ctx.label;
    const description = await renderTemplate(config.description, ctx.scope, where('instructions'));
    const context = config.context.trim() ? ((await evaluate(config.context, ctx.scope, where('context'))) as Json) : null;
    return {
      park: {
        title,
        description,
        assignee: config.assignee,
        form: config.formFields as unknown as Json,
        outcomes: config.outcomes as unknown as Json,
        context,
      },
    };
  } catch (err) {
    if (err instanceof ExpressionError) throw new StepError(err.message, { code: 'EXPRESSION' });
    throw err;
  }
};
