/**
 * Workflows: drafts, renames, soft deletes and immutable published versions.
 * A draft may be incomplete (problems are shown, not refused); publishing refuses a
 * document with blocking problems and names each one.
 */
import 'server-only';
import { recordAudit } from './audit';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { DbHandle } from '../db/open';
import { workflows, workflowVersions } from '../db/schema';
import { AppError, zodIssues, type Issue } from '../errors';
import { emptyDocument, parseDocument, type WorkflowDocument } from '@/lib/workflow/document';
import { hasBlockingProblems, validateWorkflow } from '@/lib/workflow/validate';
import { newId } from '@/lib/util/ids';
import { freeName, nameKey } from '@/lib/workflow/names';
import type { TriggerRegistrations } from '../triggers/registrations';
import { cleanNote, versionPage, type VersionPage } from './workflow-versions';

export interface WorkflowSummary {
  id: string;
  name: string;
  description: string;
  latestVersion: number;
  hasUnpublishedChanges: boolean;
  nodeCount: number;
  runCount: number;
  updatedAt: number;
  createdAt: number;
}

export interface WorkflowDetail {
  id: string;
  name: string;
  description: string;
  draft: WorkflowDocument;
  draftRevision: number;
  latestVersion: number;
  hasUnpublishedChanges: boolean;
  versions: { version: number; createdAt: number; createdBy: string; note: string }[];
  updatedAt: number;
}

/** Parses a document from a request, reporting every issue with its path. @throws AppError('invalid') */
export function requireDocument(raw: unknown, prefix: (string | number)[] = []): WorkflowDocument {
  const r = parseDocument(raw);
  if (!r.success) throw new AppError('invalid', 'the workflow document is not valid', zodIssues(r.error.issues, prefix));
  return r.data;
}

export class WorkflowService {
  constructor(
    private readonly h: DbHandle,
    private readonly clock: () => number,
    /** Schedules and webhooks (re)registered on publish, removed on delete. */
    private readonly triggers?: TriggerRegistrations,
  ) {}

  list(): WorkflowSummary[] {
    const rows = this.h.db
      .select({
        id: workflows.id,
        name: workflows.name,
        description: workflows.description,
        latestVersion: workflows.latestVersion,
        draftRevision: workflows.draftRevision,
        publishedRevision: workflows.publishedRevision,
        nodeCount: sql<number>`json_array_length(${workflows.draft}, '$.nodes')`,
        runCount: sql<number>`(SELECT COUNT(*) FROM runs AS r WHERE r.workflow_id = "workflows"."id")`,
        updatedAt: workflows.updatedAt,
        createdAt: workflows.createdAt,
      })
      .from(workflows)
      .where(isNull(workflows.deletedAt))
      .orderBy(desc(workflows.updatedAt))
      .all();
    return rows.map(({ draftRevision, publishedRevision, ...r }) => ({ ...r, hasUnpublishedChanges: publishedRevision !== draftRevision }));
  }

  /** @throws AppError('not_found') */
  get(id: string): WorkflowDetail {
    const w = this.row(id);
    const versions = this.h.db
      .select({ version: workflowVersions.version, createdAt: workflowVersions.createdAt, createdBy: workflowVersions.createdBy, note: workflowVersions.note })
      .from(workflowVersions)
      .where(eq(workflowVersions.workflowId, id))
      .orderBy(desc(workflowVersions.version))
      .all();
    return {
      id: w.id,
      name: w.name,
      description: w.description,
      draft: JSON.parse(w.draft) as WorkflowDocument,
      draftRevision: w.draftRevision,
      latestVersion: w.latestVersion,
      hasUnpublishedChanges: w.publishedRevision !== w.draftRevision,
      versions,
      updatedAt: w.updatedAt,
    };
  }

  /**
   * One page of the version history, newest first (see `workflow-versions.ts`).
   * @throws AppError('not_found') for an unknown or deleted workflow, AppError('bad_request') for a bad `limit` or `cursor`.
   */
  versions(id: string, opts: { limit?: number; cursor?: string } = {}): VersionPage {
    this.row(id);
    return versionPage(this.h, id, opts);
  }

  /** The current draft revision (the `ETag` of the REST API). @throws AppError('not_found') */
  draftRevision(id: string): number {
    return this.row(id).draftRevision;
  }

  /** The document of a published version. @throws AppError('not_found') */
  getVersion(id: string, version: number): WorkflowDocument {
    this.row(id);
    const v = this.h.db
      .select({ document: workflowVersions.document })
      .from(workflowVersions)
      .where(and(eq(workflowVersions.workflowId, id), eq(workflowVersions.version, version)))
      .get();
    if (!v) throw new AppError('not_found', `workflow ${id} has no version ${version}`, [{ path: ['version'], message: 'no such version' }]);
    return JSON.parse(v.document) as WorkflowDocument;
  }

  /**
   * Creates a workflow from a document (import, API) on behalf of `by` (a user id, or
   * `system` for the seed); audited as `workflow.import` (or `how`). Returns its id.
   * With `uniqueName` (every request from a person), `name` (when given) replaces the
   * document's name, and a name another workflow already has is refused.
   * @throws AppError('conflict') naming the field `name` (see {@link assertNameFree})
   */
  create(doc: WorkflowDocument, by: string, how: 'workflow.import' | 'workflow.create' = 'workflow.import', opts: { uniqueName?: boolean; name?: string; template?: string } = {}): string {
    const id = newId('wf');
    const now = this.clock();
    if (opts.name !== undefined) doc = { ...doc, name: opts.name };
    this.h.sqlite.transaction(() => {
      if (opts.uniqueName) this.assertNameFree(doc.name);
      this.h.db
        .insert(workflows)
        .values({ id, name: doc.name, description: doc.description, draft: JSON.stringify(doc), draftRevision: 1, createdAt: now, updatedAt: now })
        .run();
      recordAudit(this.h.sqlite, { actor: by, action: how, targetType: 'workflow', targetId: id, details: { name: doc.name, nodes: doc.nodes.length, ...(opts.template ? { template: opts.template } : {}) }, at: now });
    })();
    return id;
  }

  /** Creates an empty workflow named `name` on behalf of `by`; audited as `workflow.create`. @throws AppError('conflict') when the name is taken */
  createEmpty(name: string, by: string): string {
    return this.create(emptyDocument(name), by, 'workflow.create', { uniqueName: true });
  }

  /**
   * Refuses a name another workflow (not deleted; `exceptId` aside) already has, compared
   * trimmed and ignoring case (`nameKey` of `lib/templates`).
   * @throws AppError('conflict') with one issue at `name` (code `NAME_TAKEN`) whose message proposes a free name.
   */
  assertNameFree(name: string, exceptId?: string): void {
    const taken = this.h.db
      .select({ id: workflows.id, name: workflows.name })
      .from(workflows)
      .where(isNull(workflows.deletedAt))
      .all()
      .filter((w) => w.id !== exceptId)
      .map((w) => w.name);
    if (!taken.some((t) => nameKey(t) === nameKey(name))) return;
    const proposal = freeName(name, taken);
    throw new AppError('conflict', `a workflow named "${name.trim()}" already exists; choose another name (e.g. "${proposal}")`, [
      { path: ['name'], message: `already taken; "${proposal}" is free`, code: 'NAME_TAKEN' },
    ]);
  }

  /**
   * Saves the draft. With `baseRevision`, refuses to overwrite a newer save (another tab).
   * @returns the new draft revision.
   * @throws AppError('not_found' | 'conflict')
   */
  saveDraft(id: string, doc: WorkflowDocument, baseRevision: number | undefined, by: string): { draftRevision: number } {
    return this.h.sqlite.transaction(() => {
      const w = this.row(id);
      if (baseRevision !== undefined && baseRevision !== w.draftRevision)
        throw new AppError('conflict', `the workflow was saved elsewhere (revision ${w.draftRevision}, you edited ${baseRevision}); reload to see it`);
      if (nameKey(doc.name) !== nameKey(w.name)) this.assertNameFree(doc.name, id);
      const draftRevision = w.draftRevision + 1;
      this.h.db
        .update(workflows)
        .set({ draft: JSON.stringify(doc), name: doc.name, description: doc.description, draftRevision, updatedAt: this.clock() })
        .where(eq(workflows.id, id))
        .run();
      recordAudit(this.h.sqlite, { actor: by, action: 'workflow.save', targetType: 'workflow', targetId: id, details: { draftRevision, name: doc.name }, at: this.clock() });
      return { draftRevision };
    })();
  }

  /** Renames the workflow (and its draft document) on behalf of `by`; audited as `workflow.rename`. @throws AppError('not_found'), AppError('conflict') when another workflow has the name */
  rename(id: string, name: string, by: string): void {
    this.h.sqlite.transaction(() => {
      const w = this.row(id);
      this.assertNameFree(name, id);
      const doc = { ...(JSON.parse(w.draft) as WorkflowDocument), name };
      this.h.db
        .update(workflows)
        .set({ name, draft: JSON.stringify(doc), draftRevision: w.draftRevision + 1, updatedAt: this.clock() })
        .where(eq(workflows.id, id))
        .run();
      recordAudit(this.h.sqlite, { actor: by, action: 'workflow.rename', targetType: 'workflow', targetId: id, details: { from: w.name, name }, at: this.clock() });
    })();
  }

  /**
   * Soft-deletes on behalf of `by` (audited as `workflow.delete`): the workflow leaves every
   * list; its runs and versions stay readable; its schedule and webhook stop. @throws AppError('not_found')
   */
  delete(id: string, by: string): void {
    this.h.sqlite.transaction(() => {
      const w = this.row(id);
      this.h.db.update(workflows).set({ deletedAt: this.clock() }).where(eq(workflows.id, id)).run();
      this.triggers?.unregister(id);
      recordAudit(this.h.sqlite, { actor: by, action: 'workflow.delete', targetType: 'workflow', targetId: id, details: { name: w.name }, at: this.clock() });
    })();
  }

  /**
   * Publishes the current draft as the next immutable version on behalf of `by`, with an
   * optional `note` (what changed; trimmed, at most 1,000 characters) and, in the same
   * transaction, (re)registers its schedule or webhook trigger.
   * @throws AppError('invalid') listing every blocking problem (with node ids), AppError('not_found'),
   *   AppError('conflict') when its webhook URL is used by another workflow, AppError('bad_request') for a bad note.
   */
  publish(id: string, by: string, note?: string): { version: number } {
    const text = cleanNote(note);
    return this.h.sqlite.transaction(() => {
      const w = this.row(id);
      const doc = requireDocument(JSON.parse(w.draft));
      const problems = validateWorkflow(doc);
      if (hasBlockingProblems(problems)) {
        const blocking = problems.filter((p) => p.severity === 'error');
        throw new AppError(
          'invalid',
          `cannot publish: ${blocking.length} problem${blocking.length === 1 ? '' : 's'} — ${blocking[0].message}`,
          blocking.map((p) => ({ path: p.nodeId ? ['nodes', p.nodeId, ...(p.path ?? [])] : p.edgeId ? ['edges', p.edgeId] : [], message: p.message, nodeId: p.nodeId, code: p.code })),
        );
      }
      this.refuseUnknownGroups(doc);
      const version = w.latestVersion + 1;
      const now = this.clock();
      this.h.db.insert(workflowVersions).values({ workflowId: id, version, document: JSON.stringify(doc), createdAt: now, createdBy: by, note: text }).run();
      this.h.db.update(workflows).set({ latestVersion: version, publishedRevision: w.draftRevision, updatedAt: now }).where(eq(workflows.id, id)).run();
      this.triggers?.register(id, version, doc, now);
      recordAudit(this.h.sqlite, { actor: by, action: 'workflow.publish', targetType: 'workflow', targetId: id, details: text ? { version, note: text } : { version }, at: now });
      return { version };
    })();
  }

  /**
   * User tasks may name only groups that exist (candidate groups, escalation group):
   * a misspelt group would leave a task nobody can see but admins.
   * @throws AppError('invalid') with one issue per unknown group, at the node's field.
   */
  private refuseUnknownGroups(doc: WorkflowDocument): void {
    const known = new Set((this.h.sqlite.prepare(`SELECT id FROM groups`).all() as { id: string }[]).map((g) => g.id));
    const issues: Issue[] = [];
    for (const n of doc.nodes) {
      if (n.type !== 'userTask') continue;
      const c = n.config as { candidateGroups?: unknown; escalateToGroup?: unknown; escalation?: unknown };
      const named: [string, string][] = [];
      if (typeof c.candidateGroups === 'string') for (const g of c.candidateGroups.split(',').map((x) => x.trim()).filter(Boolean)) named.push(['candidateGroups', g]);
      if (typeof c.escalateToGroup === 'string' && c.escalateToGroup.trim() && c.escalation !== 'none' && c.escalation !== 'interrupting') named.push(['escalateToGroup', c.escalateToGroup.trim()]);
      for (const [field, g] of named)
        if (!known.has(g)) issues.push({ path: ['nodes', n.id, 'config', field], message: `group "${g}" does not exist (create it on the People page)`, nodeId: n.id, code: 'UNKNOWN_GROUP' });
    }
    if (issues.length) throw new AppError('invalid', `cannot publish: ${issues[0].message} (user task "${issues[0].nodeId}")`, issues);
  }

  private row(id: string) {
    const w = this.h.db.select().from(workflows).where(and(eq(workflows.id, id), isNull(workflows.deletedAt))).get();
    if (!w) throw new AppError('not_found', `workflow "${id}" not found`, [{ path: ['id'], message: 'no such workflow' }]);
    return w;
  }
}
