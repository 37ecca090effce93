/**
 * Cache of compiled workflow versions and test-run snapshots. Published versions and
 * the draft snapshots of test runs are immutable, so an entry never goes stale; the
 * cache is bounded to keep memory flat with many workflows.
 */
import 'server-only';
import { compile } from '@/lib/workflow/compile';
import type { CompiledWorkflow } from '@/lib/engine/types';
import { parseDocument, type WorkflowDocument } from '@/lib/workflow/document';
import { getNodeType, parseNodeConfig } from '@/lib/nodes/registry';
import type { RunStorePort } from '../storage/ports/run-store';
import type { FormField } from '@/lib/nodes/fields';

export interface LoadedVersion {
  doc: WorkflowDocument;
  compiled: CompiledWorkflow;
  /** nodeId → parsed config (defaults filled). */
  configs: Map<string, unknown>;
  nodesById: Map<string, WorkflowDocument['nodes'][number]>;
  /** Node ids whose executor is pure and quick: run inside the transition that activates them. */
  inline: Set<string>;
}

export class DefinitionCache {
  private readonly cache = new Map<string, LoadedVersion>();
  constructor(
    private readonly store: Pick<RunStorePort, 'versionDocument' | 'draftDocument' | 'latestVersion'>,
    private readonly max = 500,
  ) {}

  /**
   * The compiled version, loading and caching it.
   * @throws Error when the version does not exist or its stored document is invalid.
   */
  async get(workflowId: string, version: number): Promise<LoadedVersion> {
    const key = `${workflowId}@${version}`;
    return this.cache.get(key) ?? this.put(key, await this.store.versionDocument(workflowId, version), `workflow ${workflowId} has no version ${version}`);
  }

  /**
   * The definition a run executes: its published version, or for a test run of the
   * draft (`version` null) the snapshot stored with it.
   * @throws Error when the version or snapshot does not exist or is invalid.
   */
  async forRun(run: { id: string; workflowId: string; version: number | null }): Promise<LoadedVersion> {
    if (run.version != null) return this.get(run.workflowId, run.version);
    const key = `draft:${run.id}`;
    return this.cache.get(key) ?? this.put(key, await this.store.draftDocument(run.id), `test run ${run.id} has no draft snapshot`);
  }


  /** Parses, compiles and caches a read document (the cache is bounded: the oldest entry goes first). */
  private put(key: string, raw: unknown, missing: string): LoadedVersion {
    const hit = this.cache.get(key); // loaded meanwhile by a concurrent reader
    if (hit) return hit;
    if (raw == null) throw new Error(missing);
    const parsed = parseDocument(raw, { stored: true });
    if (!parsed.success) throw new Error(`stored document of ${key} is invalid: ${parsed.error.issues[0]?.message}`);
    const loaded = load(parsed.data);
    if (this.cache.size >= this.max) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(key, loaded);
    return loaded;
  }

  /**
   * A published workflow's name, version and trigger input fields (`version` absent: the
   * latest), or null when it has no such version or its document cannot be read. Used by
   * executors that call workflows as tools (the AI agent).
   */
  async published(workflowId: string, version?: number): Promise<{ name: string; version: number; inputFields: FormField[] } | null> {
    const v = version ?? (await this.store.latestVersion(workflowId));
    if (!v) return null;
    try {
      const loaded = await this.get(workflowId, v);
      const trigger = loaded.configs.get(loaded.compiled.triggerId) as { inputFields?: FormField[] } | undefined;
      return { name: loaded.doc.name, version: v, inputFields: trigger?.inputFields ?? [] };
    } catch {
      return null;
    }
  }
}

/** Compiles a document and parses each node's config with its schema (falling back to the raw config). */
export function load(doc: WorkflowDocument): LoadedVersion {
  const configs = new Map<string, unknown>();
  for (const n of doc.nodes) {
    const r = parseNodeConfig(n.type, n.config);
    configs.set(n.id, r && r.success ? r.data : n.config);
  }
  const inline = new Set(doc.nodes.filter((n) => getNodeType(n.type)?.inline).map((n) => n.id));
  return { doc, compiled: compile(doc), configs, nodesById: new Map(doc.nodes.map((n) => [n.id, n])), inline };
}
