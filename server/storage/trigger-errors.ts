/**
 * Refusals of the triggers' commit guards (`ports/triggers.ts`), thrown inside a run's
 * insert transaction by either backend and caught by the scheduler and the webhook
 * handler. `instanceof` holds across bundles (Next bundles the instrumentation, where the
 * app is built, apart from the route handlers), as for `AppError`.
 */
import type { Receipt } from './ports/triggers';

const CLAIM_LOST = Symbol.for('baton.ScheduleClaimLost');
const RECEIPT_HELD = Symbol.for('baton.ReceiptHeld');

const branded = (value: unknown, brand: symbol) => typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;

/** Another scheduler claimed the fire first (or the schedule changed): the run is not inserted. */
export class ScheduleClaimLost extends Error {
  constructor(readonly workflowId: string) {
    super(`the fire of workflow ${workflowId}'s schedule was claimed by another scheduler`);
    this.name = 'ScheduleClaimLost';
    (this as unknown as Record<symbol, boolean>)[CLAIM_LOST] = true;
  }

  static [Symbol.hasInstance](value: unknown): boolean {
    return branded(value, CLAIM_LOST);
  }
}

/** A receipt the run would record is already held by `receipt` (a repeated request): the run is not inserted. */
export class ReceiptHeld extends Error {
  constructor(readonly receipt: Receipt) {
    super('webhook request already received');
    this.name = 'ReceiptHeld';
    (this as unknown as Record<symbol, boolean>)[RECEIPT_HELD] = true;
  }

  static [Symbol.hasInstance](value: unknown): boolean {
    return branded(value, RECEIPT_HELD);
  }
}
