/**
 * The process-wide application: database, run store, runner and services, created
 * once and kept on `globalThis` (Next.js bundles route handlers, server components and
 * instrumentation separately; they must share one runner and one connection).
 */
import 'server-only';
import { openDatabase, type DbHandle } from './db/open';
import { pgOptionsFromEnv, resolveDatabaseTarget } from './db/target';
import { createPgPool } from './db/pg/pool';
import { pgStorage } from './storage/pg';
import { Runner } from './runner/runner';
import type { RunLimits } from './runner/limits';
import { leaseMsFromEnv } from './runner/lease';
import { EXECUTORS } from './executors';
import { WorkflowService } from './services/workflows';
import { RunService } from './services/runs';
import { TaskService } from './services/tasks';
import { UserService } from './services/users';
import { GroupService } from './services/groups';
import { AuditService } from './services/audit';
import { seedApp } from './seed/seed';
import { TriggerRegistrations } from './triggers/registrations';
import { Scheduler } from './triggers/scheduler';
import { ExpressionService } from './services/expressions';
import { RouterStatsService } from './services/routers';
import type { FlowExecutor } from '@/lib/nodes/executor';
import { CredentialStore } from './credentials/store';
import { loadSecretKey, loadSecretKeyFromEnv, parseKey, type SecretKey } from './credentials/crypto';
import { authSecret, createAuth, type Auth, type AuthDatabase } from './auth/auth';
import { ApiKeyService } from './auth/api-keys';
import { WebhookReceipts } from './triggers/webhook-receipts';
import { StepTestService } from './services/step-test';
import { SettingsService } from './services/settings';
import type { Storage } from './storage/port';
import { sqliteStorage } from './storage/sqlite';

export interface App {
  /** The SQLite handle (null on PostgreSQL). */
  handle: DbHandle | null;
  /** Everything Baton keeps, behind the storage port (`storage/port.ts`). */
  storage: Storage;
  runner: Runner;
  workflows: WorkflowService;
  runs: RunService;
  tasks: TaskService;
  users: UserService;
  /** Stored secrets referenced by nodes; see `server/credentials/store.ts`. */
  credentials: CredentialStore;
  /** Schedules and webhooks registered by published versions. */
  triggers: TriggerRegistrations;
  /** Fires schedule triggers; started with the runner by `boot()`. */
  scheduler: Scheduler;
  /** Run scopes and expression previews for the designer. */
  expressions: ExpressionService;
  /** Router statistics per workflow. */
  routers: RouterStatsService;
  /** Testing one step of a workflow without a run; see `server/services/step-test.ts`. */
  stepTests: StepTestService;
  /** Instance settings an admin sets (AI model prices); see `server/services/settings.ts`. */
  settings: SettingsService;
  groups: GroupService;
  audit: AuditService;
  /** Sign-in, sessions and API keys (better-auth); see `server/auth/auth.ts`. */
  auth: Auth;
  apiKeys: ApiKeyService;
  /** Idempotency-Keys and used signatures of webhook triggers; see `server/triggers/webhook-receipts.ts`. */
  webhookReceipts: WebhookReceipts;
  /**
   * Settles when first-start seeding (`seed/seed.ts`) has finished (at once with `seed: false`);
   * never rejects (a failure is logged). `boot()` waits for it before serving.
   */
  seeded: Promise<void>;
}

const g = globalThis as unknown as { __batonApp?: App };

/** Address of this server, used to resolve relative HTTP URLs (the demo endpoints). */
export function selfBaseUrl(): string {
  if (process.env.BATON_BASE_URL) return process.env.BATON_BASE_URL;
  return `http://127.0.0.1:${process.env.PORT || 3000}`;
}

/** Options of {@link createApp} and {@link createPgApp}. */
export interface AppOptions {
  /** Epoch ms, shared by the runner, the services and the scheduler (default `Date.now`). */
  clock?: () => number;
  /** Seed an empty database with the examples (default true; `app.seeded` settles when done). */
  seed?: boolean;
  /** The runner's step data limit and per-run quotas (absent: from the environment, `runner/limits.ts`). */
  limits?: Partial<RunLimits>;
  /**
   * The credential key (32 bytes as 64 hex characters or base64), instead of `BATON_SECRET_KEY`
   * and, on SQLite, the key file. @throws SecretKeyError (from the create functions) when malformed.
   */
  secretKey?: string;
  /** How long the runner leases a claimed job, ms (absent: `BATON_LEASE_MS`, default 60 s; `runner/lease.ts`). */
  leaseMs?: number;
}

/** An app on an embedded SQLite file: its handle is there too. */
export type SqliteApp = App & { handle: DbHandle };

/**
 * Builds an app over a SQLite database file. Used by the server and by tests. Neither the
 * runner nor the scheduler is started here (see `boot()`); seeding an empty database
 * (unless `seed: false`) runs in the background, `app.seeded` resolves when it is done.
 * The credential key is `BATON_SECRET_KEY` or `<file>.key` (created on first start).
 * @throws Error naming the variable when a limit (`BATON_STEP_DATA_MAX_BYTES`, `BATON_RUN_MAX_STEPS`, `BATON_RUN_MAX_BYTES`) is not a whole number ≥ 1, or `BATON_LEASE_MS` is out of range.
 * @throws SecretKeyError when `BATON_SECRET_KEY` is malformed or the key file is unusable.
 */
export function createApp(file: string, opts: AppOptions = {}): SqliteApp {
  const handle = openDatabase(file);
  const secretKey = opts.secretKey ? parseKey(opts.secretKey, 'secretKey') : loadSecretKey(handle.file);
  return assemble(sqliteStorage(handle), handle, secretKey, opts, handle) as SqliteApp;
}

/**
 * Builds an app over a PostgreSQL database (`postgres://…`), already migrated
 * (`migratePg`, which `boot()` runs first). The pool's size and statement timeout come from
 * `BATON_PG_POOL_MAX` and `BATON_PG_STATEMENT_TIMEOUT_MS`; the credential key from
 * `BATON_SECRET_KEY` (required).
 * @throws SecretKeyError when `BATON_SECRET_KEY` is missing or malformed; Error for a bad pool setting or `BATON_LEASE_MS`.
 */
export function createPgApp(url: string, opts: AppOptions = {}): App {
  const secretKey = opts.secretKey ? parseKey(opts.secretKey, 'secretKey') : loadSecretKeyFromEnv();
  const pgOpts = pgOptionsFromEnv();
  const pool = createPgPool(url, { max: pgOpts.max, statementTimeoutMs: pgOpts.statementTimeoutMs });
  return assemble(pgStorage(pool), pool, secretKey, opts, null);
}

function assemble(storage: Storage, authDb: AuthDatabase, secretKey: SecretKey, opts: AppOptions, handle: DbHandle | null): App {
  const clock = opts.clock ?? Date.now;
  const credentials = new CredentialStore(storage, () => secretKey, clock);
  const settings = new SettingsService(storage, clock);
  const runner = new Runner({
    store: storage.runs,
    executors: EXECUTORS as Record<string, FlowExecutor<unknown>>,
    baseUrl: selfBaseUrl,
    clock: opts.clock,
    credentials: (id) => credentials.reveal(id),
    limits: opts.limits,
    leaseMs: opts.leaseMs ?? leaseMsFromEnv(),
    routers: storage.routers,
    modelPrice: (model) => settings.modelPrice(model),
  });
  const triggers = new TriggerRegistrations(storage.triggers);
  const workflows = new WorkflowService(storage, clock);
  const runs = new RunService(storage, storage.runs, runner, clock);
  const scheduler = new Scheduler(storage.triggers, runs, { clock, onError: (m) => console.error(`[baton] ${m}`) });
  const tasks = new TaskService(storage, runner, clock);
  const auth = createAuth(authDb, storage, { secret: authSecret(secretKey.key), clock });
  const users = new UserService(storage, () => auth, clock);
  const groups = new GroupService(storage, clock);
  const audit = new AuditService(storage, clock);
  const expressions = new ExpressionService(storage, storage.runs);
  const stepTests = new StepTestService({ executors: EXECUTORS as Record<string, FlowExecutor<unknown>>, expressions, credentials: (id) => credentials.reveal(id), baseUrl: selfBaseUrl, clock });
  const app: App = {
    handle,
    storage,
    runner,
    workflows,
    runs,
    tasks,
    users,
    credentials,
    triggers,
    scheduler,
    expressions,
    routers: new RouterStatsService(storage, workflows, clock),
    stepTests,
    settings,
    groups,
    audit,
    auth,
    apiKeys: new ApiKeyService(storage, () => auth, clock),
    webhookReceipts: new WebhookReceipts(storage.triggers, clock),
    seeded: Promise.resolve(),
  };
  if (opts.seed !== false) app.seeded = seedApp(app).catch((err: unknown) => console.error(`[baton] seeding the example data failed: ${err instanceof Error ? err.message : String(err)}`));
  return app;
}

/** The process's app, created on first use from `DATABASE_URL`. */
export function getApp(): App {
  if (!g.__batonApp) {
    const target = resolveDatabaseTarget(process.env.DATABASE_URL);
    g.__batonApp = target.kind === 'sqlite' ? createApp(target.file) : createPgApp(target.url);
  }
  return g.__batonApp;
}
