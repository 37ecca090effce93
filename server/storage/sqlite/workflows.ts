/**
 * The SQLite implementation of `WorkflowStorePort` (see `../ports/workflows.ts`). Each
 * write is one `sqlite.transaction`; prepared statements are made once per connection.
 */
import type Database from 'better-sqlite3';
import type { DbHandle } from '@/server/db/open';
import type { AuditInput } from '../ports/audit';
import type { DraftWrite, NameRow, NewWorkflow, PublishPlan, VersionInfo, VersionSummaryRow, WorkflowListRow, WorkflowRow, WorkflowStorePort } from '../ports/workflows';
import { insertAuditRowSqlite } from './audit-row';
import { registerTriggersSqlite, unregisterTriggersSqlite } from './triggers';

const ROW = `id, name, description, draft, draft_revision AS draftRevision, published_revision AS publishedRevision, latest_version AS latestVersion,
  created_at AS createdAt, updated_at AS updatedAt, deleted_at AS deletedAt`;

function statements(sqlite: Database.Database) {
  return {
    list: sqlite.prepare(`SELECT w.id, w.name, w.description, w.latest_version AS latestVersion, w.draft_revision AS draftRevision, w.published_revision AS publishedRevision,
        COALESCE(json_array_length(w.draft, '$.nodes'), 0) AS nodeCount, (SELECT COUNT(*) FROM runs AS r WHERE r.workflow_id = w.id) AS runCount,
        w.updated_at AS updatedAt, w.created_at AS createdAt
      FROM workflows AS w WHERE w.deleted_at IS NULL ORDER BY w.updated_at DESC`),
    get: sqlite.prepare(`SELECT ${ROW} FROM workflows WHERE id = ? AND deleted_at IS NULL`),
    versionInfos: sqlite.prepare(`SELECT version, created_at AS createdAt, created_by AS createdBy, note FROM workflow_versions WHERE workflow_id = ? ORDER BY version DESC`),
    versionDocument: sqlite.prepare(`SELECT document FROM workflow_versions WHERE workflow_id = ? AND version = ?`),
    versionPage: sqlite.prepare(`SELECT v.version AS version, v.created_at AS createdAt, v.created_by AS createdBy, COALESCE(u.name, v.created_by) AS createdByName, v.note AS note,
        (SELECT COUNT(*) FROM runs AS r WHERE r.workflow_id = v.workflow_id AND r.version = v.version) AS runCount
      FROM workflow_versions AS v LEFT JOIN users AS u ON u.id = v.created_by
      WHERE v.workflow_id = ? AND v.version < ? ORDER BY v.version DESC LIMIT ?`),
    liveNames: sqlite.prepare(`SELECT id, name FROM workflows WHERE deleted_at IS NULL`),
    insert: sqlite.prepare(`INSERT INTO workflows (id, name, description, draft, draft_revision, latest_version, created_at, updated_at)
      VALUES (@id, @name, @description, @draft, 1, 0, @createdAt, @createdAt)`),
    writeDraft: sqlite.prepare(`UPDATE workflows SET name = @name, description = @description, draft = @draft, draft_revision = @draftRevision, updated_at = @updatedAt
      WHERE id = @id AND draft_revision = @base`),
    softDelete: sqlite.prepare(`UPDATE workflows SET deleted_at = ? WHERE id = ?`),
    groupIds: sqlite.prepare(`SELECT id FROM groups`),
    insertVersion: sqlite.prepare(`INSERT INTO workflow_versions (workflow_id, version, document, created_at, created_by, note) VALUES (?, ?, ?, ?, ?, ?)`),
    published: sqlite.prepare(`UPDATE workflows SET latest_version = ?, published_revision = ?, updated_at = ? WHERE id = ?`),
  };
}

type Statements = ReturnType<typeof statements>;

/** Refuses a write whose row changed under it (cannot happen inside SQLite's single writer; a guard against misuse). */
function changed(id: string): Error {
  return new Error(`workflow ${id} changed during the write`);
}

export class SqliteWorkflowStore implements WorkflowStorePort {
  private readonly sqlite: Database.Database;
  private stmts: Statements | undefined;

  constructor(readonly h: DbHandle) {
    this.sqlite = h.sqlite;
  }

  private get s(): Statements {
    return (this.stmts ??= statements(this.sqlite));
  }

  private row(id: string): WorkflowRow | null {
    return (this.s.get.get(id) as WorkflowRow | undefined) ?? null;
  }

  private audit(entry: AuditInput): void {
    insertAuditRowSqlite(this.sqlite, entry);
  }

  async list(): Promise<WorkflowListRow[]> {
    return this.s.list.all() as WorkflowListRow[];
  }

  async get(id: string): Promise<WorkflowRow | null> {
    return this.row(id);
  }

  async versionInfos(workflowId: string): Promise<VersionInfo[]> {
    return this.s.versionInfos.all(workflowId) as VersionInfo[];
  }

  async versionDocument(workflowId: string, version: number): Promise<string | null> {
    return (this.s.versionDocument.get(workflowId, version) as { document: string } | undefined)?.document ?? null;
  }

  async versionPage(workflowId: string, below: number, limit: number): Promise<VersionSummaryRow[]> {
    return this.s.versionPage.all(workflowId, below, limit) as VersionSummaryRow[];
  }

  async create(w: NewWorkflow, opts: { audit: AuditInput; checkNames?: (live: NameRow[]) => void }): Promise<void> {
    this.sqlite.transaction(() => {
      opts.checkNames?.(this.s.liveNames.all() as NameRow[]);
      this.s.insert.run(w);
      this.audit(opts.audit);
    })();
  }

  async writeDraft(id: string, decide: (w: WorkflowRow | null) => DraftWrite): Promise<DraftWrite> {
    return this.sqlite.transaction(() => {
      const w = this.row(id);
      const write = decide(w);
      if (!w) throw changed(id);
      if (write.checkNames) write.checkNames((this.s.liveNames.all() as NameRow[]).filter((n) => n.id !== id));
      const { name, description, draft, draftRevision, updatedAt } = write;
      if (this.s.writeDraft.run({ id, base: w.draftRevision, name, description, draft, draftRevision, updatedAt }).changes !== 1) throw changed(id);
      this.audit(write.audit);
      return write;
    })();
  }

  async softDelete(id: string, decide: (w: WorkflowRow | null) => { deletedAt: number; audit: AuditInput }): Promise<void> {
    this.sqlite.transaction(() => {
      const w = this.row(id);
      const d = decide(w);
      if (!w) throw changed(id);
      this.s.softDelete.run(d.deletedAt, id);
      unregisterTriggersSqlite(this.sqlite, id);
      this.audit(d.audit);
    })();
  }

  async publish(id: string, decide: (w: WorkflowRow | null, groupIds: ReadonlySet<string>) => PublishPlan): Promise<{ version: number }> {
    return this.sqlite.transaction(() => {
      const w = this.row(id);
      const groups = new Set((this.s.groupIds.all() as { id: string }[]).map((g) => g.id));
      const plan = decide(w, groups);
      if (!w || plan.version !== w.latestVersion + 1) throw changed(id);
      this.s.insertVersion.run(id, plan.version, plan.document, plan.createdAt, plan.createdBy, plan.note);
      this.s.published.run(plan.version, w.draftRevision, plan.createdAt, id);
      registerTriggersSqlite(this.sqlite, id, plan.version, plan.triggers, plan.createdAt);
      this.audit(plan.audit);
      return { version: plan.version };
    })();
  }
}
