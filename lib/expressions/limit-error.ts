/**
 * The error of every expression limit (`limits.ts`, `regex.ts`): a module of its own
 * so that the regex engine and the evaluation limits can both throw it without
 * importing each other. Pure.
 */

/** An evaluation went past a limit. `limit` names it (`time`, `size`, `items`), `value` is its configured value. */
export class ExpressionLimitError extends Error {
  readonly code = 'EXPRESSION_LIMIT';
  constructor(
    message: string,
    readonly limit: 'time' | 'size' | 'items',
    readonly value: number,
  ) {
    super(message);
    this.name = 'ExpressionLimitError';
  }
}
