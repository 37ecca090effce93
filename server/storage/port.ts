/**
 * The storage port: everything Baton keeps, behind one asynchronous interface with a
 * SQLite implementation (`sqlite/`, the embedded default, synchronous underneath) and a
 * PostgreSQL implementation (`pg/`). Services, the runner and the triggers are written
 * once against it; SQL lives only in those two folders.
 *
 * Atomicity without asynchronous transaction bodies: every write is one port operation,
 * which the implementation runs in one transaction (better-sqlite3's synchronous
 * transaction; on PostgreSQL `BEGIN … COMMIT` on one pooled connection, see
 * `pg/tx.ts`). Where a service must look at the stored state before it decides (is the
 * task still open, may this person act), the operation takes a pure, synchronous
 * `decide` callback: the implementation reads the rows inside the transaction (on
 * PostgreSQL with `SELECT … FOR UPDATE`), calls `decide`, which returns what to write or
 * throws to refuse, and writes. The business rule stays in the service; the SQL stays here.
 *
 * Reads outside an operation see committed data only.
 */
import type { AuditStorePort } from './ports/audit';
import type { CredentialStorePort } from './ports/credentials';
import type { SettingsStorePort } from './ports/settings';
import type { PeopleStorePort } from './ports/people';
import type { RunReadPort } from './ports/run-reads';
import type { RunStorePort } from './ports/run-store';
import type { TaskStorePort } from './ports/tasks';
import type { TriggerStorePort } from './ports/triggers';
import type { WorkflowStorePort } from './ports/workflows';
import type { RouterStorePort } from './ports/routers';

/** The database behind a {@link Storage}. */
export type Dialect = 'sqlite' | 'postgres';

/** All of Baton's storage, one port per area. */
export interface Storage {
  readonly dialect: Dialect;
  /** Run state, transitions (group commit), the job queue: the runner's port. */
  readonly runs: RunStorePort;
  /** Run lists, run details, steps, attempts and event pages for the APIs and the run view. */
  readonly runReads: RunReadPort;
  /** Workflows, drafts, published versions. */
  readonly workflows: WorkflowStorePort;
  /** Schedules, webhook registrations and webhook receipts. */
  readonly triggers: TriggerStorePort;
  /** User tasks and the inbox. */
  readonly tasks: TaskStorePort;
  /** People, roles, groups and API keys. */
  readonly people: PeopleStorePort;
  /** The append-only audit log. */
  readonly audit: AuditStorePort;
  /** Encrypted credentials. */
  readonly credentials: CredentialStorePort;
  /** Router choices and their branches' outcomes (written with run transitions). */
  readonly routers: RouterStorePort;
  /** Instance settings an admin sets (model prices). */
  readonly settings: SettingsStorePort;
  /**
   * Checks that the database answers (one trivial query).
   * @throws the driver's error when it does not (see `asUnavailable` in `server/errors.ts`).
   */
  ping(): Promise<void>;
  /** Closes the connection (SQLite) or the pool (PostgreSQL). */
  close(): Promise<void>;
}
