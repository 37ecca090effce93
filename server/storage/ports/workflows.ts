/**
 * Workflows, drafts and published versions: the port of the workflows area.
 *
 * Writes that depend on the stored row (saving a draft over a revision, renaming,
 * deleting, publishing) take a pure, synchronous `decide` callback: the implementation
 * reads the row inside its transaction (PostgreSQL: `FOR UPDATE`), `decide` returns what
 * to write or throws to refuse (the service's `AppError`), and the implementation writes
 * it with its audit entry. Name uniqueness among live workflows is checked by a
 * `checkNames` callback inside the same transaction (serialized between writers).
 * Documents are JSON text; times are epoch ms.
 */
import type { AuditInput } from './audit';
import type { TriggerPlan } from './triggers';

/** A `workflows` row. */
export interface WorkflowRow {
  id: string;
  name: string;
  description: string;
  /** The draft document, JSON text. */
  draft: string;
  draftRevision: number;
  /** The draft revision the latest version was published from (null: never published). */
  publishedRevision: number | null;
  latestVersion: number;
  createdAt: number;
  updatedAt: number;
  deletedAt: number | null;
}

/** A live workflow in the list, with the draft's node count and its number of runs. */
export interface WorkflowListRow {
  id: string;
  name: string;
  description: string;
  latestVersion: number;
  draftRevision: number;
  publishedRevision: number | null;
  nodeCount: number;
  runCount: number;
  updatedAt: number;
  createdAt: number;
}

/** A published version, without its document. */
export interface VersionInfo {
  version: number;
  createdAt: number;
  createdBy: string;
  note: string;
}

/** A version in the history page: who published it (their name now) and how many runs used it. */
export interface VersionSummaryRow extends VersionInfo {
  /** The publisher's display name (their id when the person no longer exists). */
  createdByName: string;
  /** Runs started on this version (test runs of drafts have no version). */
  runCount: number;
}

/** Id and name of a live workflow (for name uniqueness). */
export interface NameRow {
  id: string;
  name: string;
}

/** A workflow to create. */
export interface NewWorkflow {
  id: string;
  name: string;
  description: string;
  /** JSON text. */
  draft: string;
  createdAt: number;
}

/** What a draft write (save, rename) stores. */
export interface DraftWrite {
  name: string;
  description: string;
  /** JSON text. */
  draft: string;
  draftRevision: number;
  updatedAt: number;
  audit: AuditInput;
  /** When given, called with every other live workflow's name before writing; throws to refuse. */
  checkNames?: (others: NameRow[]) => void;
}

/** What publishing stores: the next immutable version, its triggers, its audit entry. */
export interface PublishPlan {
  /** Must be the row's `latestVersion + 1`. */
  version: number;
  /** JSON text. */
  document: string;
  createdAt: number;
  createdBy: string;
  note: string;
  triggers: TriggerPlan;
  audit: AuditInput;
}

export interface WorkflowStorePort {
  /** Live (not deleted) workflows, most recently updated first. */
  list(): Promise<WorkflowListRow[]>;
  /** A live workflow, or null (unknown or deleted). */
  get(id: string): Promise<WorkflowRow | null>;
  /** Every version of a workflow, newest first. */
  versionInfos(workflowId: string): Promise<VersionInfo[]>;
  /** The document (JSON text) of a published version, or null. */
  versionDocument(workflowId: string, version: number): Promise<string | null>;
  /** Versions below `below` (exclusive), newest first, at most `limit`. */
  versionPage(workflowId: string, below: number, limit: number): Promise<VersionSummaryRow[]>;
  /**
   * Inserts a workflow (draft revision 1, never published) with its audit entry.
   * `checkNames` (optional) sees every live workflow's name first and throws to refuse.
   */
  create(w: NewWorkflow, opts: { audit: AuditInput; checkNames?: (live: NameRow[]) => void }): Promise<void>;
  /**
   * Rewrites a live workflow's draft (name, description, document, revision).
   * `decide` sees the row (null when unknown or deleted) and returns the write or throws.
   * @returns the write stored.
   */
  writeDraft(id: string, decide: (w: WorkflowRow | null) => DraftWrite): Promise<DraftWrite>;
  /** Soft-deletes a live workflow and removes its schedule and webhook. `decide` sees the row (null when unknown or deleted) and may throw. */
  softDelete(id: string, decide: (w: WorkflowRow | null) => { deletedAt: number; audit: AuditInput }): Promise<void>;
  /**
   * Publishes: `decide` sees the row (null when unknown or deleted) and the ids of the
   * existing groups, and returns the version to store (or throws); the version, the
   * row's latest version and published revision, the trigger registrations and the
   * audit entry commit together.
   * @returns the version stored.
   * @throws what `decide` or the plan's `refuseTaken` throws (nothing is written).
   */
  publish(id: string, decide: (w: WorkflowRow | null, groupIds: ReadonlySet<string>) => PublishPlan): Promise<{ version: number }>;
}
