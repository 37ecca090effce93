import { z } from 'zod';
import { defineNodeType, OUT_PORT } from '../types';
import { FormFieldSchema, uniqueBy } from '../fields';

/**
 * Manual trigger: the start of a run started by a person (designer "Run" button),
 * the REST API or another system. Its `inputFields` describe the run input; the
 * "Start run" form is generated from them and the input is checked against them
 * (see `lib/forms/validate.ts`). Output: the run input object.
 */
export const manualTriggerConfig = z
  .object({
    inputFields: z
      .array(FormFieldSchema)
      .max(50)
      .default([])
      .meta({ title: 'Input fields', description: 'What a person or API client provides when starting a run' }),
  })
  .superRefine((c, ctx) => {
    const dup = uniqueBy(c.inputFields, (f) => f.name);
    if (dup) ctx.addIssue({ code: 'custom', path: ['inputFields'], message: `field name "${dup}" is used twice` });
  });

export const manualTrigger = defineNodeType({
  type: 'manualTrigger',
  label: 'Manual trigger',
  description: 'Starts a run from the designer, the REST API or another system, with an input form.',
  keywords: ['start', 'form', 'button', 'input', 'begin'],
  category: 'Triggers',
  icon: 'play',
  accent: '#10b981',
  behavior: 'trigger',
  configSchema: manualTriggerConfig,
  defaults: () => ({ inputFields: [] }),
  inputs: () => [],
  outputs: () => [OUT_PORT],
  summary: (c) => (c.inputFields.length ? `input: ${c.inputFields.map((f) => f.name).join(', ')}` : 'no input fields'),
});
