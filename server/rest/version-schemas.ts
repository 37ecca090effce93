/**
 * REST bodies of the version history and draft endpoints
 * (`/api/v1/workflows/{id}/versions`, `PUT /api/v1/workflows/{id}`, the publish note):
 * requests parsed with them, responses typed with them, the OpenAPI document generated
 * from them. Pure: no server imports.
 */
import { z } from 'zod';
import { MAX_VERSION_NOTE, VERSION_PAGE } from '@/lib/workflow/version-limits';

const isoTime = z.iso.datetime({ offset: true }).meta({ description: 'ISO-8601 time (UTC)' });

export const PublishRequestSchema = z
  .strictObject({
    note: z
      .string()
      .max(MAX_VERSION_NOTE, `note must be at most ${MAX_VERSION_NOTE} characters`)
      .optional()
      .meta({ description: `What changed, shown in the version history (at most ${MAX_VERSION_NOTE} characters)` }),
  })
  .meta({ title: 'PublishRequest' });

/** Query of `GET /api/v1/workflows/{id}/versions` (other parameters are ignored). */
export const VersionListQuerySchema = z.object({
  limit: z.coerce
    .number()
    .int('limit must be a whole number')
    .min(1, 'limit must be at least 1')
    .max(VERSION_PAGE.max, `limit must be at most ${VERSION_PAGE.max}`)
    .optional(),
  cursor: z.string().min(1).max(100).optional(),
});

export const VersionSchema = z
  .object({
    version: z.number().int().min(1),
    createdAt: isoTime.meta({ description: 'When it was published' }),
    createdBy: z.string().meta({ description: 'Id of the person who published it (`system` for the seeded examples)' }),
    createdByName: z.string().meta({ description: "That person's display name" }),
    note: z.string().meta({ description: "The publisher's note; empty when none" }),
    runCount: z.number().int().min(0).meta({ description: 'Runs started on this version' }),
  })
  .meta({ title: 'Version' });
export type VersionBody = z.infer<typeof VersionSchema>;

export const DraftSavedSchema = z
  .object({ id: z.string(), draftRevision: z.number().int().min(1).meta({ description: 'The new draft revision (also the `ETag`)' }) })
  .meta({ title: 'DraftSaved' });
