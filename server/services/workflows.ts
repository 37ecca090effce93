/**
 * Workflows: drafts, renames, soft deletes and immutable published versions.
 * A draft may be incomplete (problems are shown, not refused); publishing refuses a
 * document with blocking problems and names each one. Data goes through the workflow
 * store of the storage port (`storage/ports/workflows.ts`): each write is one operation
 * whose `decide` callback applies the rules below to the row read in its transaction.
 */
import 'server-only';
import { AppError, zodIssues, type Issue } from '../errors';
import { emptyDocument, parseDocument, type WorkflowDocument } from '@/lib/workflow/document';
import { hasBlockingProblems, validateWorkflow } from '@/lib/workflow/validate';
import { newId } from '@/lib/util/ids';
import { freeName, nameKey } from '@/lib/workflow/names';
import type { Storage } from '../storage/port';
import type { AuditInput } from '../storage/ports/audit';
import type { NameRow, PublishPlan, WorkflowRow, WorkflowStorePort } from '../storage/ports/workflows';
import { triggerPlan } from '../triggers/registrations';
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
  private readonly store: WorkflowStorePort;

  constructor(
    storage: Pick<Storage, 'workflows'>,
    /** Epoch ms. */
    private readonly clock: () => number,
  ) {
    this.store = storage.workflows;
  }

  /** Live workflows, most recently updated first. */
  async list(): Promise<WorkflowSummary[]> {
    const rows = await this.store.list();
    return rows.map(({ draftRevision, publishedRevision, ...r }) => ({ ...r, hasUnpublishedChanges: publishedRevision !== draftRevision }));
  }

  /** @throws AppError('not_found') */
  async get(id: string): Promise<WorkflowDetail> {
    const w = await this.row(id);
    const versions = await this.store.versionInfos(id);
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
   * {@link get} for the designer: the stored draft read back through the document schema
   * (`parseDocument`, as stored: upgraded from older formats, defaults filled in), so the
   * browser need not parse it again. A draft that does not parse comes as stored, with
   * `draftError` naming its first issues (the designer shows it instead of the canvas).
   * @throws AppError('not_found')
   */
  async getForEditing(id: string): Promise<WorkflowDetail & { draftError: string | null }> {
    const w = await this.get(id);
    const parsed = parseDocument(w.draft, { stored: true });
    if (parsed.success) return { ...w, draft: parsed.data, draftError: null };
    const draftError = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || 'document'}: ${i.message}`)
      .join('; ');
    return { ...w, draftError };
  }

  /**
   * One page of the version history, newest first (see `workflow-versions.ts`).
   * @throws AppError('not_found') for an unknown or deleted workflow, AppError('bad_request') for a bad `limit` or `cursor`.
   */
  async versions(id: string, opts: { limit?: number; cursor?: string } = {}): Promise<VersionPage> {
    await this.row(id);
    return versionPage(this.store, id, opts);
  }

  /** The current draft revision (the `ETag` of the REST API). @throws AppError('not_found') */
  async draftRevision(id: string): Promise<number> {
    return (await this.row(id)).draftRevision;
  }

  /** The document of a published version. @throws AppError('not_found') */
  async getVersion(id: string, version: number): Promise<WorkflowDocument> {
    await this.row(id);
    const doc = await this.store.versionDocument(id, version);
    if (doc === null) throw new AppError('not_found', `workflow ${id} has no version ${version}`, [{ path: ['version'], message: 'no such version' }]);
    return JSON.parse(doc) as WorkflowDocument;
  }

  /**
   * Creates a workflow from a document (import, API) on behalf of `by` (a user id, or
   * `system` for the seed); audited as `workflow.import` (or `how`). Resolves to its id.
   * With `uniqueName` (every request from a person), `name` (when given) replaces the
   * document's name, and a name another workflow already has is refused.
   * @throws AppError('conflict') naming the field `name` (see {@link assertNameFree})
   */
  async create(doc: WorkflowDocument, by: string, how: 'workflow.import' | 'workflow.create' = 'workflow.import', opts: { uniqueName?: boolean; name?: string; template?: string } = {}): Promise<string> {
    const id = newId('wf');
    const now = this.clock();
    if (opts.name !== undefined) doc = { ...doc, name: opts.name };
    const name = doc.name;
    await this.store.create(
      { id, name, description: doc.description, draft: JSON.stringify(doc), createdAt: now },
      {
        checkNames: opts.uniqueName ? (live) => assertNameFree(name, live) : undefined,
        audit: { actor: by, action: how, targetType: 'workflow', targetId: id, details: { name, nodes: doc.nodes.length, ...(opts.template ? { template: opts.template } : {}) }, at: now },
      },
    );
    return id;
  }

  /** Creates an empty workflow named `name` on behalf of `by`; audited as `workflow.create`. @throws AppError('conflict') when the name is taken */
  createEmpty(name: string, by: string): Promise<string> {
    return this.create(emptyDocument(name), by, 'workflow.create', { uniqueName: true });
  }

  /**
   * Saves the draft. With `baseRevision`, refuses to overwrite a newer save (another tab).
   * @returns the new draft revision.
   * @throws AppError('not_found' | 'conflict')
   */
  async saveDraft(id: string, doc: WorkflowDocument, baseRevision: number | undefined, by: string): Promise<{ draftRevision: number }> {
    const write = await this.store.writeDraft(id, (row) => {
      const w = found(id, row);
      if (baseRevision !== undefined && baseRevision !== w.draftRevision)
        throw new AppError('conflict', `the workflow was saved elsewhere (revision ${w.draftRevision}, you edited ${baseRevision}); reload to see it`);
      const draftRevision = w.draftRevision + 1;
      const at = this.clock();
      return {
        name: doc.name,
        description: doc.description,
        draft: JSON.stringify(doc),
        draftRevision,
        updatedAt: at,
        checkNames: nameKey(doc.name) !== nameKey(w.name) ? (others) => assertNameFree(doc.name, others) : undefined,
        audit: { actor: by, action: 'workflow.save', targetType: 'workflow', targetId: id, details: { draftRevision, name: doc.name }, at },
      };
    });
    return { draftRevision: write.draftRevision };
  }

  /** Renames the workflow (and its draft document) on behalf of `by`; audited as `workflow.rename`. @throws AppError('not_found'), AppError('conflict') when another workflow has the name */
  async rename(id: string, name: string, by: string): Promise<void> {
    await this.store.writeDraft(id, (row) => {
      const w = found(id, row);
      const doc = { ...(JSON.parse(w.draft) as WorkflowDocument), name };
      const at = this.clock();
      return {
        name,
        description: w.description,
        draft: JSON.stringify(doc),
        draftRevision: w.draftRevision + 1,
        updatedAt: at,
        checkNames: (others) => assertNameFree(name, others),
        audit: { actor: by, action: 'workflow.rename', targetType: 'workflow', targetId: id, details: { from: w.name, name }, at },
      };
    });
  }

  /**
   * Soft-deletes on behalf of `by` (audited as `workflow.delete`): the workflow leaves every
   * list; its runs and versions stay readable; its schedule and webhook stop. @throws AppError('not_found')
   */
  async delete(id: string, by: string): Promise<void> {
    await this.store.softDelete(id, (row) => {
      const w = found(id, row);
      const at = this.clock();
      return { deletedAt: at, audit: { actor: by, action: 'workflow.delete', targetType: 'workflow', targetId: id, details: { name: w.name }, at } };
    });
  }

  /**
   * Publishes the current draft as the next immutable version on behalf of `by`, with an
   * optional `note` (what changed; trimmed, at most 1,000 characters) and, in the same
   * transaction, (re)registers its schedule or webhook trigger.
   * @throws AppError('invalid') listing every blocking problem (with node ids), AppError('not_found'),
   *   AppError('conflict') when its webhook URL is used by another workflow, AppError('bad_request') for a bad note.
   */
  async publish(id: string, by: string, note?: string): Promise<{ version: number }> {
    const text = cleanNote(note);
    return this.store.publish(id, (row, groupIds): PublishPlan => {
      const w = found(id, row);
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
      refuseUnknownGroups(doc, groupIds);
      const version = w.latestVersion + 1;
      const now = this.clock();
      const details: AuditInput['details'] = text ? { version, note: text } : { version };
      return {
        version,
        document: JSON.stringify(doc),
        createdAt: now,
        createdBy: by,
        note: text,
        triggers: triggerPlan(doc, now),
        audit: { actor: by, action: 'workflow.publish', targetType: 'workflow', targetId: id, details, at: now },
      };
    });
  }

  private async row(id: string): Promise<WorkflowRow> {
    return found(id, await this.store.get(id));
  }
}

/** The live workflow `row`. @throws AppError('not_found') when it is null. */
function found(id: string, row: WorkflowRow | null): WorkflowRow {
  if (!row) throw new AppError('not_found', `workflow "${id}" not found`, [{ path: ['id'], message: 'no such workflow' }]);
  return row;
}

/**
 * Refuses a name one of `others` (live workflows) already has, compared trimmed and
 * ignoring case (`nameKey` of `lib/workflow/names`).
 * @throws AppError('conflict') with one issue at `name` (code `NAME_TAKEN`) whose message proposes a free name.
 */
export function assertNameFree(name: string, others: readonly NameRow[]): void {
  const taken = others.map((w) => w.name);
  if (!taken.some((t) => nameKey(t) === nameKey(name))) return;
  const proposal = freeName(name, taken);
  throw new AppError('conflict', `a workflow named "${name.trim()}" already exists; choose another name (e.g. "${proposal}")`, [
    { path: ['name'], message: `already taken; "${proposal}" is free`, code: 'NAME_TAKEN' },
  ]);
}

/**
 * User tasks may name only groups that exist (candidate groups, escalation group):
 * a misspelt group would leave a task nobody can see but admins.
 * @throws AppError('invalid') with one issue per unknown group, at the node's field.
 */
function refuseUnknownGroups(doc: WorkflowDocument, known: ReadonlySet<string>): void {
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
