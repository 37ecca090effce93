import 'server-only';
import type { Executor } from '../executor';
import { StepError } from '../executor';
import { NO_LABEL_PORT, type ClassifyTextConfig } from './definition';
import { labelsOf, sentimentOf } from './classify';
import { evaluate, ExpressionError } from '../../expressions';

/** Longest text classified, characters. */
export const MAX_TEXT_CHARS = 200_000;

/**
 * Evaluates the text expression, then computes sentiment and labels (`classify.ts`).
 * Output `{ sentiment: { score, comparative, label }, labels }`; the port follows
 * `routeBy`. The text may be a string, a number or a boolean (as text); null or
 * missing is the empty text (neutral, no labels). Errors: `EXPRESSION`,
 * `NOT_TEXT` (an object or array), `TEXT_TOO_LONG` (over {@link MAX_TEXT_CHARS}).
 */
export const executeClassifyText: Executor<ClassifyTextConfig> = async (config, ctx) => {
  const name = `Classify text "${ctx.label}" (${ctx.nodeId})`;
  let raw: unknown;
  try {
    raw = await evaluate(config.text, ctx.scope, `${name} text`);
  } catch (err) {
    if (err instanceof ExpressionError) throw new StepError(err.message, { code: err.stepCode });
    throw err;
  }
  if (raw !== null && typeof raw === 'object') throw new StepError(`${name}: the text expression gave ${Array.isArray(raw) ? 'an array' : 'an object'}, not text`, { code: 'NOT_TEXT' });
  const text = raw === null || raw === undefined ? '' : String(raw);
  if (text.length > MAX_TEXT_CHARS) throw new StepError(`${name}: the text has ${text.length} characters; at most ${MAX_TEXT_CHARS} are classified`, { code: 'TEXT_TOO_LONG' });

  const sentiment = sentimentOf(text, config.neutralBand);
  const labels = labelsOf(text, config.labels);
  const port = config.routeBy === 'sentiment' ? sentiment.label : config.routeBy === 'label' ? (labels[0] ?? NO_LABEL_PORT) : 'out';
  return { output: { sentiment: { ...sentiment }, labels }, port, input: { text: text.length > 2000 ? `${text.slice(0, 2000)}…` : text } };
};
