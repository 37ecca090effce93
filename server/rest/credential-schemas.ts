/**
 * REST bodies of `/api/v1/credentials` (requests parsed with them, responses typed
 * with them, the OpenAPI document generated from them). Secrets go in, never out: a
 * credential body shows secret fields as a mask. Pure: no server imports.
 */
import { z } from 'zod';
import { CREDENTIAL_TYPES, SECRET_MASK } from '@/lib/credentials/types';

const isoTime = z.iso.datetime({ offset: true }).meta({ description: 'ISO-8601 time (UTC)' });
const fields = z.record(z.string(), z.string().max(8192));

export const CreateCredentialRequestSchema = z
  .strictObject({
    name: z.string().trim().min(1, 'name is required').max(100).meta({ description: 'Unique display name' }),
    type: z.enum(CREDENTIAL_TYPES).meta({ description: 'bearer (token), basic (username, password), apiKey (header, value), hmac (header, secret), openai (apiKey)' }),
    data: fields.meta({ description: 'The fields of the type, e.g. `{ "token": "…" }` for bearer. Secret fields need at least 4 characters.' }),
  })
  .meta({ title: 'CreateCredentialRequest' });

export const UpdateCredentialRequestSchema = z
  .strictObject({
    name: z.string().trim().min(1, 'name is required').max(100).optional(),
    data: fields.optional().meta({ description: 'Fields to change. A secret field absent or empty keeps its stored value; a new value rotates it for every node that uses the credential.' }),
  })
  .meta({ title: 'UpdateCredentialRequest' });

export const CredentialReferenceSchema = z
  .object({
    workflowId: z.string(),
    workflowName: z.string(),
    version: z.union([z.literal('draft'), z.number().int()]).meta({ description: '`draft`, or a published version' }),
    nodeIds: z.array(z.string()),
  })
  .meta({ title: 'CredentialReference' });

export const CredentialSchema = z
  .object({
    id: z.string().meta({ description: 'Referenced by nodes as `credentialId`' }),
    name: z.string(),
    type: z.enum(CREDENTIAL_TYPES),
    fields: z.record(z.string(), z.string()).meta({ description: `Every field of the type; secret fields read \`${SECRET_MASK}\`` }),
    createdAt: isoTime,
    updatedAt: isoTime,
    rotatedAt: isoTime.nullable().meta({ description: 'When a secret was last replaced' }),
    usedBy: z.array(CredentialReferenceSchema).meta({ description: 'Workflow drafts and published versions whose nodes reference it' }),
  })
  .meta({ title: 'Credential' });
export type CredentialBody = z.infer<typeof CredentialSchema>;
