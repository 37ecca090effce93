/**
 * The SQLite implementation of `RunStorePort` (see `../ports/run-store.ts`): the
 * synchronous core (`run-core.ts`, prepared statements) behind the asynchronous port.
 * Commits go through a group commit (`group-commit.ts`): items of one turn of the event
 * loop, up to {@link GROUP_COMMIT_MAX}, share one better-sqlite3 transaction; a refused
 * item is rolled back alone under its savepoint. Reads are synchronous underneath.
 */
import 'server-only';
import type { RunLogRecord } from '@/lib/engine/types';
import type { DbHandle } from '@/server/db/open';
import { GROUP_COMMIT_MAX, RunExistsError, type JobRow, type LatestOutput, type RunCommitItem, type RunRow, type RunStorePort } from '../ports/run-store';
import { applyGuardsSqlite } from './guards';
import { GroupCommit } from './group-commit';
import { readBatch, type ReadBatch } from './read-batch';
import { SqliteRunCore } from './run-core';

export class SqliteRunStore implements RunStorePort {
  /** The synchronous core (statements over `h.sqlite`). */
  readonly core: SqliteRunCore;
  private readonly group: GroupCommit;
  /** Point reads of one turn share a read transaction (see `read-batch.ts`). */
  private readonly reads: ReadBatch;

  constructor(readonly h: DbHandle) {
    this.core = new SqliteRunCore(h.sqlite);
    this.group = new GroupCommit(h.sqlite, GROUP_COMMIT_MAX);
    this.reads = readBatch(h.sqlite);
  }

  getRun(runId: string): Promise<RunRow | null> {
    return this.reads.read(() => this.core.getRun(runId));
  }

  async runExists(runId: string): Promise<boolean> {
    return this.core.runExists(runId);
  }

  async parentRunId(runId: string): Promise<string | null> {
    return this.core.parentRunId(runId);
  }

  async latestVersion(workflowId: string): Promise<number | null> {
    return this.core.latestVersion(workflowId);
  }

  async versionDocument(workflowId: string, version: number): Promise<unknown> {
    return this.core.versionDocument(workflowId, version);
  }

  async draftDocument(runId: string): Promise<unknown> {
    return this.core.draftDocument(runId);
  }

  async eventsAfter(runId: string, afterSeq: number, limit?: number): Promise<RunLogRecord[]> {
    return this.core.eventsAfter(runId, afterSeq, limit);
  }

  latestOutputs(runId: string, activations: Record<string, number>): Promise<Map<string, LatestOutput>> {
    return this.reads.read(() => this.core.latestOutputs(runId, activations));
  }

  commit(item: RunCommitItem): Promise<void> {
    return this.group.submit(() => this.apply(item));
  }

  /** Writes one item (inside the group's transaction or its savepoint). */
  private apply(item: RunCommitItem): void {
    const core = this.core;
    switch (item.type) {
      case 'deleteJob':
        core.deleteJob(item.jobId);
        return;
      case 'insert':
        if (item.guards?.length) applyGuardsSqlite(this.h.sqlite, item.meta.id, item.guards);
        try {
          core.insertRun(item.meta, item.writes);
        } catch (err) {
          // The savepoint still holds the row of the run that was there first.
          if (core.runExists(item.meta.id) && (err as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT')) throw new RunExistsError(item.meta.id);
          throw err;
        }
        return;
      case 'transition':
        if (item.guards?.length) applyGuardsSqlite(this.h.sqlite, item.runId, item.guards);
        core.commitInside(item.runId, item.workflowId, item.expectedVersion, item.writes);
        return;
    }
  }

  async claimJobs(owner: string, now: number, leaseMs: number, limit: number): Promise<JobRow[]> {
    return this.core.claimJobs(owner, now, leaseMs, limit);
  }

  async extendLease(jobId: number, owner: string, until: number): Promise<boolean> {
    return this.core.extendLease(jobId, owner, until);
  }

  deleteJob(jobId: number): Promise<void> {
    return this.commit({ type: 'deleteJob', jobId });
  }

  nextDueAt(): Promise<number | null> {
    return this.reads.read(() => this.core.nextDueAt());
  }

  async releaseForeignLeases(owner: string): Promise<number> {
    return this.core.releaseForeignLeases(owner);
  }
}
