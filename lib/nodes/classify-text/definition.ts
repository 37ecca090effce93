import { z } from 'zod';
import { defineNodeType, ERROR_PORT, IN_PORT, OUT_PORT, type PortSpec } from '../types';
import { expressionField, portIdField, uniqueBy } from '../fields';

/** Sentiment labels, also the port ids when routing by sentiment. */
export const SENTIMENTS = ['positive', 'neutral', 'negative'] as const;
export type SentimentLabel = (typeof SENTIMENTS)[number];
/** Port taken when routing by label and no label matched. */
export const NO_LABEL_PORT = 'other';
/** How the step leaves: always `out`, by sentiment, or by the first matching label. */
export const ROUTE_MODES = ['none', 'sentiment', 'label'] as const;

/**
 * Text classification, offline: AFINN-based sentiment (the `sentiment` package,
 * English word list) and keyword labels. Output
 * `{ sentiment: { score, comparative, label }, labels: [<label id>…] }`.
 * Routing (`routeBy`): `none` → `out`; `sentiment` → `positive` / `neutral` /
 * `negative`; `label` → the first matching label's port, else `other`. Every routing
 * port is required, so no outcome can end a path silently. Ports: those, plus `error`.
 */
export const classifyTextConfig = z
  .object({
    text: expressionField({ title: 'Text', description: 'JSONata giving the text to classify', placeholder: '$input.message' }, { required: true }),
    labels: z
      .array(
        z.object({
          id: portIdField({ title: 'Label', description: 'Name of the label (and its port when routing by label)' }),
          keywords: z
            .string()
            .max(5000)
            .refine((s) => s.split(',').some((k) => k.trim() !== ''), 'Keywords: list at least one keyword')
            .meta({ title: 'Keywords', description: 'Words or phrases separated by commas; whole words, any letter case', placeholder: 'refund, money back, chargeback', widget: 'textarea' }),
        }),
      )
      .max(20)
      .default([])
      .meta({ title: 'Labels', description: 'A label applies when the text contains any of its keywords' }),
    routeBy: z.enum(ROUTE_MODES).default('none').meta({
      title: 'Route by',
      description: 'none: one output. sentiment: positive / neutral / negative outputs. label: one output per label (the first that applies), else "other".',
    }),
    neutralBand: z
      .number()
      .min(0, 'Neutral band must be between 0 and 5')
      .max(5, 'Neutral band must be between 0 and 5')
      .default(0)
      .meta({ title: 'Neutral band', description: 'Sentiment is neutral while the absolute comparative score is at most this (0: only a score of exactly 0 is neutral)' }),
  })
  .superRefine((c, ctx) => {
    const dup = uniqueBy(c.labels, (l) => l.id);
    if (dup) ctx.addIssue({ code: 'custom', path: ['labels'], message: `label "${dup}" is used twice` });
    const reserved = c.labels.find((l) => l.id === NO_LABEL_PORT || l.id === 'error' || l.id === 'out');
    if (reserved) ctx.addIssue({ code: 'custom', path: ['labels'], message: `"${reserved.id}" is reserved; choose another label name` });
    if (c.routeBy === 'label' && c.labels.length === 0) ctx.addIssue({ code: 'custom', path: ['labels'], message: 'routing by label needs at least one label' });
  });
export type ClassifyTextConfig = z.infer<typeof classifyTextConfig>;

function routePorts(c: ClassifyTextConfig): PortSpec[] {
  if (c.routeBy === 'sentiment') return SENTIMENTS.map((s) => ({ id: s, label: s[0]!.toUpperCase() + s.slice(1), required: true }));
  if (c.routeBy === 'label') return [...(c.labels ?? []).map((l) => ({ id: l.id, label: l.id, required: true })), { id: NO_LABEL_PORT, label: 'Other', required: true }];
  return [OUT_PORT];
}

export const classifyText = defineNodeType({
  type: 'classifyText',
  label: 'Classify text',
  description: 'Sentiment and keyword labels of a text, offline; can route by either.',
  keywords: ['ai', 'categorize', 'sentiment', 'triage', 'label', 'llm'],
  category: 'Actions',
  icon: 'tag',
  accent: '#ec4899',
  behavior: 'task',
  inline: true,
  configSchema: classifyTextConfig,
  defaults: (): ClassifyTextConfig => ({ text: '', labels: [], routeBy: 'sentiment', neutralBand: 0 }),
  inputs: () => [IN_PORT],
  outputs: (c) => [...routePorts(c), ERROR_PORT],
  summary: (c) => (c.routeBy === 'sentiment' ? 'by sentiment' : c.routeBy === 'label' ? `by label (${(c.labels ?? []).length})` : `sentiment + ${(c.labels ?? []).length} labels`),
});
