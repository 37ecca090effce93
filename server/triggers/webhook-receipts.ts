/**
 * What a webhook trigger remembers so that a repeated request does not start a second
 * run (an `Idempotency-Key` → the run it started; a signature already used → the run it
 * started), over the trigger store of the storage port (`storage/ports/triggers.ts`).
 * Receipts are per trigger (workflow id + trigger node id) and expire; they are recorded
 * by a commit guard with the run they start, so a receipt exists exactly when its run does.
 * Times are epoch ms from the injected clock.
 */
import 'server-only';
import type { Receipt, ReceiptDraft, ReceiptKind, ReceiptScope, TriggerStorePort, WebhookReceiptGuard } from '../storage/ports/triggers';

export class WebhookReceipts {
  constructor(
    private readonly store: TriggerStorePort,
    /** Epoch ms; the app's clock. */
    readonly clock: () => number,
  ) {}

  /** The live (not expired at `now`) receipt of `kind`/`key` for the trigger, or null. */
  find(scope: ReceiptScope, kind: ReceiptKind, key: string, now = this.clock()): Promise<Receipt | null> {
    return this.store.findReceipt(scope, kind, key, now);
  }

  /**
   * The commit guard recording `receipts` with the run being started (pass it to
   * `RunService.start`): the start is refused with `ReceiptHeld` when a live receipt
   * already holds one of the keys.
   */
  guard(scope: ReceiptScope, receipts: ReceiptDraft[], now = this.clock()): WebhookReceiptGuard {
    return { type: 'webhookReceipts', scope, receipts, now };
  }
}
