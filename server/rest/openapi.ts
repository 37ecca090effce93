/**
 * The OpenAPI 3.1 document of the public REST API (`GET /api/v1/openapi.json`).
 * Built from the same zod schemas that parse requests and type responses
 * (`./schemas.ts`) and the workflow document schema (`./workflow-schema.ts`).
 *
 * Pure: no I/O, no server imports.
 */
import {
  CompleteTaskRequestSchema,
  CreatedSchema,
  ErrorResponseSchema,
  PublishedSchema,
  RunAcceptedSchema,
  RunSchema,
  StepPageSchema,
  EventPageSchema,
  StartRunRequestSchema,
  TASK_STATUSES,
  TaskCompletedSchema,
  TaskSchema,
  WorkflowListItemSchema,
} from './schemas';
import { annotateNodeTypes, documentSchema, nodeConfigSchemas, type JsonSchema } from './workflow-schema';
import { C, errors, idParam, jsonContent, pageLimitParam, ref, schemaOf } from './openapi-parts';
import { credentialOpenApi } from './credential-openapi';
import { versionOpenApi } from './version-openapi';
import { routerOpenApi } from './router-openapi';
import { DEFAULT_TASK_PAGE, MAX_TASK_PAGE } from '../services/task-types';
import { EVENT_PAGE, STEP_PAGE } from '../services/cursor';

/** Builds the OpenAPI document. `serverUrl`: absolute base URL of this Baton (omitted → relative paths). */
export function buildOpenApi(opts: { serverUrl?: string; version?: string } = {}): JsonSchema {
  const configs = nodeConfigSchemas(C);
  const credentials = credentialOpenApi(C, errors);
  const versions = versionOpenApi(C, errors);
  const routers = routerOpenApi(C, errors);
  return withSecurity({
    openapi: '3.1.0',
    info: {
      title: 'Baton REST API',
      version: opts.version ?? '1.0.0',
      description:
        'Create, publish and run workflows, read runs and complete user tasks. Every response is JSON; errors are `{ "error": { "message", "code", "issues": [{ "path", "message" }] } }`. ' +
        'Authenticate with an API key (`X-API-Key: <key>` or `Authorization: Bearer <key>`), created per person in the app; it acts with its owner\'s roles.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    ...(opts.serverUrl ? { servers: [{ url: opts.serverUrl }] } : {}),
    tags: [{ name: 'workflows' }, { name: 'runs' }, { name: 'tasks' }, { name: 'credentials' }, { name: 'meta' }],
    paths: {
      '/api/v1/workflows': {
        get: {
          tags: ['workflows'],
          operationId: 'listWorkflows',
          summary: 'List workflows',
          responses: { '200': { description: 'Workflows, most recently updated first', content: jsonContent({ type: 'array', items: ref('WorkflowListItem') }) } },
        },
        post: {
          tags: ['workflows'],
          operationId: 'createWorkflow',
          summary: 'Create a workflow from a document',
          description:
            'Saves the document as the draft of a new workflow. A draft may be incomplete; graph problems are reported when publishing. Workflow names are unique (trimmed, ignoring case): a name another workflow has is a 409 whose issue names `name` and proposes a free name; send `?name=` to create it under another name.',
          parameters: [{ name: 'name', in: 'query', required: false, description: 'Replaces the document name (1–200 characters)', schema: { type: 'string', minLength: 1, maxLength: 200 } }],
          requestBody: { required: true, content: jsonContent(ref('WorkflowDocument')) },
          responses: {
            '201': { description: 'Created', headers: { Location: { schema: { type: 'string' } } }, content: jsonContent(ref('Created')) },
            ...errors([400, 409, 413], { 409: 'Another workflow has this name (issue at `name`, code `NAME_TAKEN`)' }),
          },
        },
      },
      '/api/v1/workflows/{id}': {
        get: {
          tags: ['workflows'],
          operationId: 'getWorkflow',
          summary: 'Get the draft document of a workflow',
          description: 'Exactly the JSON the designer exports; can be posted back to create a copy.',
          parameters: [idParam('id', 'Workflow id')],
          responses: { '200': { description: 'The workflow document', headers: versions.etag, content: jsonContent(ref('WorkflowDocument')) }, ...errors([404]) },
        },
        ...versions.workflowOps,
      },
      ...versions.paths,
      ...routers.paths,
      '/api/v1/workflows/{id}/publish': {
        post: {
          tags: ['workflows'],
          operationId: 'publishWorkflow',
          summary: 'Publish the draft as the next immutable version',
          parameters: [idParam('id', 'Workflow id')],
          requestBody: versions.publishBody,
          responses: {
            '201': { description: 'Published', content: jsonContent(ref('Published')) },
            ...errors([400, 404, 422], {
              422: 'The graph has blocking problems: one issue per problem, with `nodeId` and validator `code`',
            }),
          },
        },
      },
      '/api/v1/workflows/{id}/runs': {
        post: {
          tags: ['runs'],
          operationId: 'startRun',
          summary: 'Start a run of a published version, or a test run of the draft',
          description:
            "Runs the latest published version unless `version` is given. With `\"draft\": true` it starts a test run of the saved draft instead: no version is created (`latestVersion` is unchanged), the run executes a snapshot of the draft taken now (later edits do not change it), and `GET /api/v1/runs/{runId}` shows `draft: true` and `version: null`. A test run needs `run.start` or `workflow.edit`. The input is checked against the trigger's input fields. The run proceeds in the background: poll `GET /api/v1/runs/{runId}`.",
          parameters: [idParam('id', 'Workflow id')],
          requestBody: { required: false, content: jsonContent(ref('StartRunRequest')) },
          responses: {
            '202': { description: 'Accepted: the run has started', headers: { Location: { schema: { type: 'string' } } }, content: jsonContent(ref('RunAccepted')) },
            ...errors([400, 404, 409, 413, 422], {
              404: 'No such workflow or version',
              409: 'The workflow was never published (and `draft` was not asked for)',
              422: 'The input does not satisfy the trigger input fields (issues at `["input", <field>]`); or, for a test run, the draft has blocking problems (issues at `["draft", "nodes", <nodeId>, …]` with `nodeId`)',
            }),
          },
        },
      },
      '/api/v1/runs/{runId}': {
        get: {
          tags: ['runs'],
          operationId: 'getRun',
          summary: 'Get a run with the first page of its steps',
          description: 'Steps beyond the first page: follow `nextCursor` with `GET /api/v1/runs/{runId}/steps`.',
          parameters: [idParam('runId', 'Run id'), pageLimitParam('Steps in the first page', STEP_PAGE)],
          responses: { '200': { description: 'The run', content: jsonContent(ref('Run')) }, ...errors([400, 404]) },
        },
      },
      '/api/v1/runs/{runId}/steps': {
        get: {
          tags: ['runs'],
          operationId: 'listRunSteps',
          summary: "A page of a run's steps in activation order",
          description: 'Following `nextCursor` until it is null returns every step exactly once. A page also stops early at about `BATON_PAGE_MAX_BYTES` of JSON.',
          parameters: [
            idParam('runId', 'Run id'),
            { name: 'cursor', in: 'query', required: false, description: 'The `nextCursor` of the previous page (opaque); absent for the first page', schema: { type: 'string' } },
            pageLimitParam('Steps per page', STEP_PAGE),
          ],
          responses: { '200': { description: 'Steps', content: jsonContent(ref('StepPage')) }, ...errors([400, 404]) },
        },
      },
      '/api/v1/runs/{runId}/events': {
        get: {
          tags: ['runs'],
          operationId: 'listRunEvents',
          summary: "A page of a run's log records",
          description: 'Records with `seq > after`, in order. Read on with `after=<nextAfter>`; when `nextAfter` is null the log is read to its end (a live run appends more later).',
          parameters: [
            idParam('runId', 'Run id'),
            { name: 'after', in: 'query', required: false, description: 'Sequence number of the last record already read (default 0: from the start)', schema: { type: 'integer', minimum: 0 } },
            pageLimitParam('Records per page', EVENT_PAGE),
          ],
          responses: { '200': { description: 'Log records', content: jsonContent(ref('EventPage')) }, ...errors([400, 404]) },
        },
      },
      '/api/v1/tasks': {
        get: {
          tags: ['tasks'],
          operationId: 'listTasks',
          summary: 'List user tasks',
          description:
            'The tasks the caller may see (a potential owner, claimer or decider; admins every task). Open tasks oldest first (longest waiting on top); other statuses newest first. ' +
            'Paged: when more tasks follow, the response has `X-Next-Cursor` (and `Link: <…>; rel="next"`); pass it as `cursor` with the same filters for the next page. Each task appears on exactly one page.',
          parameters: [
            { name: 'status', in: 'query', required: false, schema: { type: 'string', enum: [...TASK_STATUSES] } },
            { name: 'runId', in: 'query', required: false, description: 'Only the tasks of this run', schema: { type: 'string' } },
            { name: 'limit', in: 'query', required: false, description: `Tasks per page (default ${DEFAULT_TASK_PAGE})`, schema: { type: 'integer', minimum: 1, maximum: MAX_TASK_PAGE } },
            { name: 'cursor', in: 'query', required: false, description: 'The `X-Next-Cursor` of the previous page (opaque)', schema: { type: 'string' } },
          ],
          responses: {
            '200': {
              description: 'One page of tasks',
              headers: {
                'X-Next-Cursor': { description: 'Cursor of the next page; absent on the last page', schema: { type: 'string' } },
                Link: { description: 'The next page\'s URL, `rel="next"`; absent on the last page', schema: { type: 'string' } },
              },
              content: jsonContent({ type: 'array', items: ref('Task') }),
            },
            ...errors([400], { 400: 'A malformed `status`, `limit` or `cursor` (the issue names it)' }),
          },
        },
      },
      '/api/v1/tasks/{taskId}/complete': {
        post: {
          tags: ['tasks'],
          operationId: 'completeTask',
          summary: 'Decide a user task; the run moves on at once',
          parameters: [idParam('taskId', 'Task id')],
          requestBody: { required: true, content: jsonContent(ref('CompleteTaskRequest')) },
          responses: {
            '200': { description: 'Recorded', content: jsonContent(ref('TaskCompleted')) },
            ...errors([400, 404, 409, 413, 422], {
              409: 'The task is already completed or cancelled',
              422: 'Unknown outcome (`["outcome"]`) or form data not valid (`["data", <field>]`)',
            }),
          },
        },
      },
      '/api/v1/tasks/{taskId}/claim': {
        post: {
          tags: ['tasks'],
          operationId: 'claimTask',
          summary: 'Claim a task: only the claimer may then decide it',
          parameters: [idParam('taskId', 'Task id')],
          responses: {
            '200': { description: 'Claimed', content: jsonContent({ type: 'object', properties: { id: { type: 'string' }, claimedBy: { type: 'string' } }, required: ['id', 'claimedBy'] }) },
            ...errors([404, 409], { 409: 'The task is closed, or claimed by someone else' }),
          },
        },
      },
      '/api/v1/tasks/{taskId}/unclaim': {
        post: {
          tags: ['tasks'],
          operationId: 'unclaimTask',
          summary: 'Release a task you claimed',
          parameters: [idParam('taskId', 'Task id')],
          responses: {
            '200': { description: 'Released', content: jsonContent({ type: 'object', properties: { id: { type: 'string' }, claimedBy: { type: ['string', 'null'] } }, required: ['id', 'claimedBy'] }) },
            ...errors([404, 409], { 409: 'The task is closed, or not claimed by you' }),
          },
        },
      },
      '/api/v1/tasks/{taskId}/delegate': {
        post: {
          tags: ['tasks'],
          operationId: 'delegateTask',
          summary: 'Hand a task to another person, with a reason (audited)',
          parameters: [idParam('taskId', 'Task id')],
          requestBody: {
            required: true,
            content: jsonContent({ type: 'object', properties: { userId: { type: 'string' }, reason: { type: 'string', maxLength: 1000 } }, required: ['userId', 'reason'], additionalProperties: false }),
          },
          responses: {
            '200': { description: 'Delegated', content: jsonContent({ type: 'object', properties: { id: { type: 'string' }, assignee: { type: 'string' }, claimedBy: { type: ['string', 'null'] } }, required: ['id', 'assignee', 'claimedBy'] }) },
            ...errors([400, 404, 409, 422], { 422: 'Unknown person, or yourself (`["userId"]`)' }),
          },
        },
      },
      '/api/v1/runs/{runId}/cancel': {
        post: {
          tags: ['runs'],
          operationId: 'cancelRun',
          summary: 'Cancel a running or waiting run',
          description: 'No new steps are scheduled; timers, open tasks and child runs are cancelled; who and why are recorded.',
          parameters: [idParam('runId', 'Run id')],
          requestBody: { required: false, content: jsonContent({ type: 'object', properties: { reason: { type: 'string', maxLength: 500 } }, additionalProperties: false }) },
          responses: {
            '200': { description: 'Cancelled', content: jsonContent({ type: 'object', properties: { runId: { type: 'string' }, status: { const: 'cancelled' } }, required: ['runId', 'status'] }) },
            ...errors([400, 404, 409], { 409: 'The run has already ended' }),
          },
        },
      },
      '/api/v1/runs/{runId}/retry': {
        post: {
          tags: ['runs'],
          operationId: 'retryRun',
          summary: 'Restart a failed run from its failed step(s)',
          description: 'On the run\'s version, or on a newer published `version` (nodes matched by id). Steps that succeeded keep their outputs. A test run of the draft is retried on its own snapshot and takes no `version` (the response\'s `version` is null).',
          parameters: [idParam('runId', 'Run id')],
          requestBody: { required: false, content: jsonContent({ type: 'object', properties: { version: { type: 'integer', minimum: 1 } }, additionalProperties: false }) },
          responses: {
            '202': { description: 'Resumed', content: jsonContent({ type: 'object', properties: { runId: { type: 'string' }, version: { type: ['integer', 'null'] } }, required: ['runId', 'version'] }) },
            ...errors([400, 404, 409, 422], { 409: 'The run is not failed, or has no step to retry from (the message says why)', 422: 'The version is older than the run\'s' }),
          },
        },
      },
      '/api/v1/audit': {
        get: {
          tags: ['meta'],
          operationId: 'listAudit',
          summary: 'Audit log entries, newest first (admins)',
          description: '`from`/`to`: ISO-8601 times or epoch ms (`to` exclusive). `format=csv` answers `text/csv` (RFC 4180) as a download.',
          parameters: ['actor', 'action', 'targetType', 'targetId', 'from', 'to'].map((name) => ({ name, in: 'query', required: false, schema: { type: 'string' } })).concat([
            { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 10000 } as never },
            { name: 'format', in: 'query', required: false, schema: { type: 'string', enum: ['json', 'csv'] } as never },
          ]),
          responses: {
            '200': {
              description: 'Entries',
              content: {
                ...jsonContent({
                  type: 'array',
                  items: { type: 'object', properties: { id: { type: 'integer' }, at: { type: 'string', format: 'date-time' }, actor: { type: 'string' }, action: { type: 'string' }, targetType: { type: 'string' }, targetId: { type: 'string' }, details: { type: 'object' } } },
                }),
                'text/csv': { schema: { type: 'string' } },
              },
            },
            ...errors([400]),
          },
        },
      },
      ...credentials.paths,
      '/api/v1/health': {
        get: {
          tags: ['meta'],
          operationId: 'getHealth',
          summary: "This process's health (admins and operators: permission system.read)",
          description: 'Memory in bytes and the event-loop delay (ms) of the last 10–20 s. 503 when the database does not answer. Load balancers use the public `GET /api/health` instead.',
          responses: {
            '200': {
              description: 'Healthy',
              content: jsonContent({
                type: 'object',
                properties: {
                  status: { type: 'string', enum: ['ok', 'unavailable'] },
                  database: { type: 'string', enum: ['ok', 'unavailable'] },
                  uptimeS: { type: 'integer' },
                  memory: { type: 'object', properties: { rssBytes: { type: 'integer' }, heapUsedBytes: { type: 'integer' }, externalBytes: { type: 'integer' } } },
                  eventLoopDelay: { type: 'object', properties: { p50Ms: { type: 'number' }, p99Ms: { type: 'number' }, maxMs: { type: 'number' }, windowMs: { type: 'integer' } } },
                },
              }),
            },
            '503': { description: 'The database does not answer', content: jsonContent({ type: 'object' }) },
          },
        },
      },
      '/api/v1/openapi.json': {
        get: { tags: ['meta'], operationId: 'getOpenApi', summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1 document', content: jsonContent({ type: 'object' }) } } },
      },
      '/api/v1/workflow.schema.json': {
        get: {
          tags: ['meta'],
          operationId: 'getWorkflowSchema',
          summary: 'JSON Schema of the workflow document',
          description: 'With `$id`, `title`, and each node type config schema under `$defs.<type>Config`.',
          responses: { '200': { description: 'JSON Schema (draft 2020-12)', content: jsonContent({ type: 'object' }) } },
        },
      },
    },
    components: {
      securitySchemes: {
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'A personal API key (`baton_…`), created in the app under API keys' },
        bearer: { type: 'http', scheme: 'bearer', description: 'The same API key as a bearer token' },
      },
      schemas: {
        WorkflowDocument: { ...annotateNodeTypes(documentSchema(), C), title: 'WorkflowDocument' },
        WorkflowListItem: schemaOf(WorkflowListItemSchema),
        Created: schemaOf(CreatedSchema),
        Published: schemaOf(PublishedSchema),
        StartRunRequest: schemaOf(StartRunRequestSchema),
        RunAccepted: schemaOf(RunAcceptedSchema),
        Run: schemaOf(RunSchema),
        StepPage: schemaOf(StepPageSchema),
        EventPage: schemaOf(EventPageSchema),
        Task: schemaOf(TaskSchema),
        CompleteTaskRequest: schemaOf(CompleteTaskRequestSchema),
        TaskCompleted: schemaOf(TaskCompletedSchema),
        Error: schemaOf(ErrorResponseSchema),
        ...credentials.schemas,
        ...routers.schemas,
        ...versions.schemas,
        ...configs,
      },
    },
  });
}

/** Endpoints anyone may read (this document and the workflow JSON Schema). */
const PUBLIC_PATHS = new Set(['/api/v1/openapi.json', '/api/v1/workflow.schema.json']);

/**
 * Adds the API-key requirement to every operation but the public ones (`security: []`
 * there), with its 401 and 403 answers.
 */
function withSecurity(doc: JsonSchema): JsonSchema {
  const paths = doc.paths as Record<string, Record<string, { responses: Record<string, unknown>; security?: unknown[] }>>;
  for (const [path, ops] of Object.entries(paths)) {
    for (const op of Object.values(ops)) {
      if (PUBLIC_PATHS.has(path)) op.security = [];
      else op.responses = { ...op.responses, ...errors([401, 403]) };
    }
  }
  return { ...doc, security: [{ apiKey: [] }, { bearer: [] }] };
}
