/** Config fields naming another published workflow (sub-workflow, for-each body). */
import { z } from 'zod';

/** Id of a published workflow to start runs of. */
export function workflowIdField() {
  return z
    .string()
    .trim()
    .min(1, 'Workflow is required')
    .max(64, 'Workflow must be at most 64 characters')
    .meta({ title: 'Workflow', description: 'Id of the published workflow to run' });
}

/** Published version to run; absent = the latest published version when the step runs. */
export function workflowVersionField() {
  return z
    .number()
    .int('Version must be a whole number')
    .min(1, 'Version must be at least 1')
    .optional()
    .meta({ title: 'Version', description: 'Empty = the latest published version when the step runs' });
}
