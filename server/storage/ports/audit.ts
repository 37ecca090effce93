/** The audit log's port: entries are appended by the operation they record (same transaction), and listed here. */
import type { Json } from '@/lib/engine/types';
import type { AuditAction } from '@/lib/audit/actions';

/** One entry to append. */
export interface AuditInput {
  /** User id of who acted (`system` for the runner). */
  actor: string;
  action: AuditAction;
  /** Kind of object acted on: workflow, run, task, credential, user… */
  targetType: string;
  targetId: string;
  /** Action-specific details (reason, outcome, version…), stored as JSON. */
  details?: Record<string, Json>;
  /** Epoch ms. */
  at: number;
}

/** Reading (and, for actions without other writes, appending to) the audit log. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AuditStorePort {}
