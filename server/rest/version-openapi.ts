/** The version history and draft part of the OpenAPI document (see `./openapi.ts`). Pure. */
import { DraftSavedSchema, PublishRequestSchema, VersionSchema } from './version-schemas';
import { VERSION_PAGE } from '@/lib/workflow/version-limits';

import { schemaOf } from './openapi-parts';

/**
 * `workflowOps`: the PUT and DELETE operations of `/api/v1/workflows/{id}`; `paths`: the
 * versions endpoints; `publishBody`: the publish request body; `schemas`: components.
 * `errors(codes, overrides)` builds the error responses as the main document does.
 */
export function versionOpenApi(C: string, errors: (codes: number[], overrides?: Record<number, string>) => Record<string, unknown>) {
  const ref = (name: string) => ({ $ref: `${C}${name}` });
  const json = (schema: unknown) => ({ 'application/json': { schema } });
  const id = { name: 'id', in: 'path', required: true, description: 'Workflow id', schema: { type: 'string' } };
  const etag = { ETag: { description: 'The draft revision, quoted (`"7"`): send it back as `If-Match`', schema: { type: 'string' } } };
  return {
    etag,
    workflowOps: {
      put: {
        tags: ['workflows'],
        operationId: 'replaceDraft',
        summary: 'Replace the draft document',
        description:
          'Saves the document as the draft (published versions are untouched; publish to make it a version). With `If-Match: "<draftRevision>"` (the `ETag` of `GET`), ' +
          'the save is refused with 412 when the draft was saved since; `If-Match: *` or no header overwrites.',
        parameters: [id, { name: 'If-Match', in: 'header', required: false, description: 'The draft revision the change is based on', schema: { type: 'string' } }],
        requestBody: { required: true, content: json(ref('WorkflowDocument')) },
        responses: {
          '200': { description: 'Saved', headers: etag, content: json(ref('DraftSaved')) },
          '412': {
            description: 'The draft was saved since the `If-Match` revision; nothing was written. `draftRevision` (and `ETag`) give the current revision',
            headers: etag,
            content: json({ allOf: [ref('Error'), { type: 'object', properties: { draftRevision: { type: 'integer' } }, required: ['draftRevision'] }] }),
          },
          ...errors([400, 404, 413], { 400: 'The document or the `If-Match` header is not valid (issues name the field)' }),
        },
      },
      delete: {
        tags: ['workflows'],
        operationId: 'deleteWorkflow',
        summary: 'Delete a workflow',
        description:
          'Asks nothing; audited as `workflow.delete`. The workflow leaves every list and can no longer be read, edited, published or started; its schedule and webhook stop at once. ' +
          'Its runs, their history and its published versions stay readable by run id; runs already in flight finish on their version.',
        parameters: [id],
        responses: { '204': { description: 'Deleted' }, ...errors([404]) },
      },
    },
    paths: {
      '/api/v1/workflows/{id}/versions': {
        get: {
          tags: ['workflows'],
          operationId: 'listVersions',
          summary: 'The version history, newest first',
          description: 'Paged: when older versions follow, the response has `X-Next-Cursor` (and `Link: <…>; rel="next"`); pass it as `cursor`.',
          parameters: [
            id,
            { name: 'limit', in: 'query', required: false, description: `Versions per page (default ${VERSION_PAGE.default}, at most ${VERSION_PAGE.max})`, schema: { type: 'integer', minimum: 1, maximum: VERSION_PAGE.max } },
            { name: 'cursor', in: 'query', required: false, description: 'The `X-Next-Cursor` of the previous page (opaque)', schema: { type: 'string' } },
          ],
          responses: {
            '200': {
              description: 'One page of versions',
              headers: { 'X-Next-Cursor': { description: 'Cursor of the next page; absent on the last page', schema: { type: 'string' } } },
              content: json({ type: 'array', items: ref('Version') }),
            },
            ...errors([400, 404]),
          },
        },
      },
      '/api/v1/workflows/{id}/versions/{version}': {
        get: {
          tags: ['workflows'],
          operationId: 'getVersion',
          summary: 'The document of a published version',
          parameters: [id, { name: 'version', in: 'path', required: true, description: 'Version number (1, 2, …)', schema: { type: 'integer', minimum: 1 } }],
          responses: { '200': { description: 'The workflow document as published', content: json(ref('WorkflowDocument')) }, ...errors([400, 404], { 404: 'No such workflow or version' }) },
        },
      },
    },
    publishBody: { required: false, content: json(ref('PublishRequest')) },
    schemas: { Version: schemaOf(VersionSchema), DraftSaved: schemaOf(DraftSavedSchema), PublishRequest: schemaOf(PublishRequestSchema) },
  };
}
