/** The `/api/v1/credentials` part of the OpenAPI document (see `./openapi.ts`). Pure. */
import { CreateCredentialRequestSchema, CredentialReferenceSchema, CredentialSchema, UpdateCredentialRequestSchema } from './credential-schemas';

import { schemaOf } from './openapi-parts';

/** Paths and component schemas; `errors(codes, overrides)` builds the error responses as the main document does. */
export function credentialOpenApi(C: string, errors: (codes: number[], overrides?: Record<number, string>) => Record<string, unknown>) {
  const ref = (name: string) => ({ $ref: `${C}${name}` });
  const json = (schema: unknown) => ({ 'application/json': { schema } });
  const id = { name: 'id', in: 'path', required: true, description: 'Credential id', schema: { type: 'string' } };
  return {
    paths: {
      '/api/v1/credentials': {
        get: {
          tags: ['credentials'],
          operationId: 'listCredentials',
          summary: 'List credentials (secrets masked)',
          responses: { '200': { description: 'Credentials by name', content: json({ type: 'array', items: ref('Credential') }) } },
        },
        post: {
          tags: ['credentials'],
          operationId: 'createCredential',
          summary: 'Store a credential',
          description: 'Secret fields are encrypted at rest (AES-256-GCM) and never returned.',
          requestBody: { required: true, content: json(ref('CreateCredentialRequest')) },
          responses: {
            '201': { description: 'Stored', headers: { Location: { schema: { type: 'string' } } }, content: json(ref('Credential')) },
            ...errors([400, 409, 413, 422], { 409: 'The name is taken', 422: 'A field is missing or too short (issues at `["data", <field>]`)' }),
          },
        },
      },
      '/api/v1/credentials/{id}': {
        get: {
          tags: ['credentials'],
          operationId: 'getCredential',
          summary: 'Get a credential (secrets masked) and where it is used',
          parameters: [id],
          responses: { '200': { description: 'The credential', content: json(ref('Credential')) }, ...errors([404], { 404: 'No such credential' }) },
        },
        patch: {
          tags: ['credentials'],
          operationId: 'updateCredential',
          summary: 'Rename a credential or rotate its secrets',
          description: 'Every node referencing the credential uses the new values from its next attempt; no workflow needs republishing.',
          parameters: [id],
          requestBody: { required: true, content: json(ref('UpdateCredentialRequest')) },
          responses: {
            '200': { description: 'Updated', content: json(ref('Credential')) },
            ...errors([400, 404, 409, 413, 422], { 404: 'No such credential', 409: 'The name is taken' }),
          },
        },
        delete: {
          tags: ['credentials'],
          operationId: 'deleteCredential',
          summary: 'Delete an unused credential',
          parameters: [id],
          responses: {
            '204': { description: 'Deleted' },
            ...errors([404, 409], { 404: 'No such credential', 409: 'Still referenced: the message and issues name every workflow draft or version and node' }),
          },
        },
      },
    },
    schemas: {
      Credential: schemaOf(CredentialSchema),
      CredentialReference: schemaOf(CredentialReferenceSchema),
      CreateCredentialRequest: schemaOf(CreateCredentialRequestSchema),
      UpdateCredentialRequest: schemaOf(UpdateCredentialRequestSchema),
    },
  };
}
