/** Config fields naming another published workflow (sub-workflow, for-each body). */
import { z } from 'zod';

/**
 * Id of a published workflow to start runs of. `widget: 'workflow'` makes the
 * designer's config form render a picker of published workflows instead of a text box.
 */
export function workflowIdField() {
  return z
    .string()
    .trim()
    .min(1, 'Workflow is required')
    .max(64, 'Workflow must be at most 64 characters')
    .meta({ title: 'Workflow', description: 'The published workflow to run', widget: 'workflow' });
}

/**
 * Published version to run; absent = the latest published version when the step runs.
 * `versionOf` names the sibling workflow-id field, so the form can show that workflow's latest version.
 */
export function workflowVersionField() {
  return z
    .number()
    .int('Version must be a whole number')
    .min(1, 'Version must be at least 1')
    .optional()
    .meta({ title: 'Version', description: 'Empty = the latest published version when the step runs', placeholder: 'latest', versionOf: 'workflowId' });
}
