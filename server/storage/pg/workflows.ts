/**
 * The PostgreSQL implementation of `WorkflowStorePort` (see `../ports/workflows.ts`), with
 * the same behaviour as `../sqlite/workflows.ts`. Writes run in `pgTransaction`: the row
 * is read `FOR NO KEY UPDATE` before `decide`, so concurrent saves of one draft are
 * serialized (the second sees the first's revision), while runs of the workflow (whose
 * foreign key takes a key-share lock) can still be inserted meanwhile. Writes that check name uniqueness first take a
 * transaction-scoped advisory lock, so two concurrent creations cannot both take a name
 * (a writer holding a workflow row takes it after the row: one lock order, no deadlock).
 */
import type pg from 'pg';
import type { AuditInput } from '../ports/audit';
import type { DraftWrite, NameRow, NewWorkflow, PublishPlan, VersionInfo, VersionSummaryRow, WorkflowListRow, WorkflowRow, WorkflowStorePort } from '../ports/workflows';
import { insertAuditRowsPg } from './audit-row';
import { pgTransaction, type PgQueryable } from './tx';
import { registerTriggersPg, unregisterTriggersPg } from './triggers';

const ROW = `id, name, description, draft, draft_revision AS "draftRevision", published_revision AS "publishedRevision", latest_version AS "latestVersion",
  created_at AS "createdAt", updated_at AS "updatedAt", deleted_at AS "deletedAt"`;

/** Advisory lock key serializing the writers that check workflow names (an arbitrary constant of Baton's). */
const NAMES_LOCK = 73_112_012;

async function liveNames(q: PgQueryable): Promise<NameRow[]> {
  await q.query(`SELECT pg_advisory_xact_lock($1)`, [NAMES_LOCK]);
  return (await q.query<NameRow>(`SELECT id, name FROM workflows WHERE deleted_at IS NULL`)).rows;
}

async function lockedRow(client: pg.PoolClient, id: string): Promise<WorkflowRow | null> {
  const r = await client.query<WorkflowRow>(`SELECT ${ROW} FROM workflows WHERE id = $1 AND deleted_at IS NULL FOR NO KEY UPDATE`, [id]);
  return r.rows[0] ?? null;
}

function changed(id: string): Error {
  return new Error(`workflow ${id} changed during the write`);
}

export class PgWorkflowStore implements WorkflowStorePort {
  constructor(readonly pool: pg.Pool) {}

  async list(): Promise<WorkflowListRow[]> {
    const r = await this.pool.query<WorkflowListRow>(
      `SELECT w.id, w.name, w.description, w.latest_version AS "latestVersion", w.draft_revision AS "draftRevision", w.published_revision AS "publishedRevision",
          COALESCE(jsonb_array_length((w.draft::jsonb)->'nodes'), 0) AS "nodeCount", (SELECT COUNT(*) FROM runs AS r WHERE r.workflow_id = w.id) AS "runCount",
          w.updated_at AS "updatedAt", w.created_at AS "createdAt"
        FROM workflows AS w WHERE w.deleted_at IS NULL ORDER BY w.updated_at DESC`,
    );
    return r.rows;
  }

  async get(id: string): Promise<WorkflowRow | null> {
    const r = await this.pool.query<WorkflowRow>(`SELECT ${ROW} FROM workflows WHERE id = $1 AND deleted_at IS NULL`, [id]);
    return r.rows[0] ?? null;
  }

  async versionInfos(workflowId: string): Promise<VersionInfo[]> {
    const r = await this.pool.query<VersionInfo>(`SELECT version, created_at AS "createdAt", created_by AS "createdBy", note FROM workflow_versions WHERE workflow_id = $1 ORDER BY version DESC`, [
      workflowId,
    ]);
    return r.rows;
  }

  async versionDocument(workflowId: string, version: number): Promise<string | null> {
    const r = await this.pool.query<{ document: string }>(`SELECT document FROM workflow_versions WHERE workflow_id = $1 AND version = $2`, [workflowId, version]);
    return r.rows[0]?.document ?? null;
  }

  async versionPage(workflowId: string, below: number, limit: number): Promise<VersionSummaryRow[]> {
    const r = await this.pool.query<VersionSummaryRow>(
      `SELECT v.version AS version, v.created_at AS "createdAt", v.created_by AS "createdBy", COALESCE(u.name, v.created_by) AS "createdByName", v.note AS note,
          (SELECT COUNT(*) FROM runs AS r WHERE r.workflow_id = v.workflow_id AND r.version = v.version) AS "runCount"
        FROM workflow_versions AS v LEFT JOIN users AS u ON u.id = v.created_by
        WHERE v.workflow_id = $1 AND v.version < $2 ORDER BY v.version DESC LIMIT $3`,
      [workflowId, Math.min(below, 2_147_483_647), limit],
    );
    return r.rows;
  }

  async create(w: NewWorkflow, opts: { audit: AuditInput; checkNames?: (live: NameRow[]) => void }): Promise<void> {
    await pgTransaction(this.pool, async (client) => {
      if (opts.checkNames) opts.checkNames(await liveNames(client));
      await client.query(
        `INSERT INTO workflows (id, name, description, draft, draft_revision, latest_version, created_at, updated_at) VALUES ($1, $2, $3, $4, 1, 0, $5, $5)`,
        [w.id, w.name, w.description, w.draft, w.createdAt],
      );
      await insertAuditRowsPg(client, [opts.audit]);
    });
  }

  async writeDraft(id: string, decide: (w: WorkflowRow | null) => DraftWrite): Promise<DraftWrite> {
    return pgTransaction(this.pool, async (client) => {
      // The row, then (when the name changes) the names' advisory lock: one order for every writer, so no deadlock.
      const w = await lockedRow(client, id);
      const write = decide(w);
      if (!w) throw changed(id);
      if (write.checkNames) write.checkNames((await liveNames(client)).filter((n) => n.id !== id));
      const r = await client.query(
        `UPDATE workflows SET name = $2, description = $3, draft = $4, draft_revision = $5, updated_at = $6 WHERE id = $1 AND draft_revision = $7`,
        [id, write.name, write.description, write.draft, write.draftRevision, write.updatedAt, w.draftRevision],
      );
      if (r.rowCount !== 1) throw changed(id);
      await insertAuditRowsPg(client, [write.audit]);
      return write;
    });
  }

  async softDelete(id: string, decide: (w: WorkflowRow | null) => { deletedAt: number; audit: AuditInput }): Promise<void> {
    await pgTransaction(this.pool, async (client) => {
      const w = await lockedRow(client, id);
      const d = decide(w);
      if (!w) throw changed(id);
      await client.query(`UPDATE workflows SET deleted_at = $2 WHERE id = $1`, [id, d.deletedAt]);
      await unregisterTriggersPg(client, id);
      await insertAuditRowsPg(client, [d.audit]);
    });
  }

  async publish(id: string, decide: (w: WorkflowRow | null, groupIds: ReadonlySet<string>) => PublishPlan): Promise<{ version: number }> {
    return pgTransaction(this.pool, async (client) => {
      const w = await lockedRow(client, id);
      const groups = new Set((await client.query<{ id: string }>(`SELECT id FROM groups`)).rows.map((g) => g.id));
      const plan = decide(w, groups);
      if (!w || plan.version !== w.latestVersion + 1) throw changed(id);
      await client.query(`INSERT INTO workflow_versions (workflow_id, version, document, created_at, created_by, note) VALUES ($1, $2, $3, $4, $5, $6)`, [
        id,
        plan.version,
        plan.document,
        plan.createdAt,
        plan.createdBy,
        plan.note,
      ]);
      await client.query(`UPDATE workflows SET latest_version = $2, published_revision = $3, updated_at = $4 WHERE id = $1`, [id, plan.version, w.draftRevision, plan.createdAt]);
      await registerTriggersPg(client, id, plan.version, plan.triggers, plan.createdAt);
      await insertAuditRowsPg(client, [plan.audit]);
      return { version: plan.version };
    });
  }
}
