/**
 * The template gallery: starting points for a new workflow. Each template has a stable
 * id, a category and a builder of its document (laid out by the auto-layout). Pure and
 * shared: the browser draws the gallery from {@link templateCards}; the server builds
 * the document of the chosen id ({@link buildTemplate}) when it creates the workflow.
 *
 * Templates other than `blank` run offline against the demo endpoints under
 * `/api/demo/` and validate without a blocking problem (checked by the tests).
 */
import { autoLayout } from '@/lib/layout/auto-layout';
import { emptyDocument, type WorkflowDocument } from '@/lib/workflow/document';
import { expenses, inventorySync, onboarding, ticketTriage } from './examples';
import { aiTicketTriage, documentApproval } from './reviews';
import { incidentResponse, orderToCash } from './showcase';
import { providerRouting } from './routing';

export const TEMPLATE_CATEGORIES = ['Start', 'Approvals', 'Operations', 'Customers', 'AI'] as const;
export type TemplateCategory = (typeof TEMPLATE_CATEGORIES)[number];

interface Template {
  id: string;
  category: TemplateCategory;
  /** Groups its user tasks name (they must exist before it can be published). */
  groups: string[];
  /** The document, unlaid (positions at the origin). */
  build: () => WorkflowDocument;
}

const TEMPLATES: readonly Template[] = [
  { id: 'blank', category: 'Start', groups: [], build: () => ({ ...emptyDocument('Untitled workflow'), description: 'An empty canvas: add a trigger and your first steps.' }) },
  { id: 'incident-response', category: 'Operations', groups: ['on-call'], build: incidentResponse },
  { id: 'order-to-cash', category: 'Customers', groups: [], build: orderToCash },
  { id: 'document-approval', category: 'Approvals', groups: [], build: documentApproval },
  { id: 'ai-ticket-triage', category: 'AI', groups: ['support'], build: aiTicketTriage },
  { id: 'customer-onboarding', category: 'Customers', groups: [], build: onboarding },
  { id: 'expense-approval', category: 'Approvals', groups: [], build: expenses },
  { id: 'inventory-sync', category: 'Operations', groups: [], build: inventorySync },
  { id: 'support-ticket-triage', category: 'AI', groups: [], build: ticketTriage },
  { id: 'shipping-quote-routing', category: 'Operations', groups: [], build: providerRouting },
];

/** Ids of every template, gallery order. */
export const TEMPLATE_IDS: readonly string[] = TEMPLATES.map((t) => t.id);

/** A template's small drawing: node boxes and edges in a 0–100 × 0–100 box, keeping the aspect ratio. */
export interface TemplateShape {
  nodes: { x: number; y: number; kind: 'trigger' | 'task' | 'gateway' | 'person' | 'end' }[];
  edges: [number, number][];
}

/** What the gallery shows of a template. */
export interface TemplateCard {
  id: string;
  name: string;
  description: string;
  category: TemplateCategory;
  nodeCount: number;
  /** Node types used, e.g. `["http", "userTask"]`, for the hint line. */
  nodeTypes: string[];
  groups: string[];
  shape: TemplateShape;
}

const KIND: Record<string, TemplateShape['nodes'][number]['kind']> = {
  manualTrigger: 'trigger',
  scheduleTrigger: 'trigger',
  webhookTrigger: 'trigger',
  exclusiveGateway: 'gateway',
  inclusiveGateway: 'gateway',
  parallelSplit: 'gateway',
  parallelJoin: 'gateway',
  inclusiveJoin: 'gateway',
  switch: 'gateway',
  userTask: 'person',
  end: 'end',
};

/** The shape of a laid-out document, scaled into 0–100 on its longer side. */
export function shapeOf(doc: WorkflowDocument): TemplateShape {
  if (doc.nodes.length === 0) return { nodes: [], edges: [] };
  const xs = doc.nodes.map((n) => n.position.x);
  const ys = doc.nodes.map((n) => n.position.y);
  const [minX, minY] = [Math.min(...xs), Math.min(...ys)];
  const span = Math.max(Math.max(...xs) - minX, Math.max(...ys) - minY, 1);
  const index = new Map(doc.nodes.map((n, i) => [n.id, i]));
  return {
    nodes: doc.nodes.map((n) => ({ x: Math.round(((n.position.x - minX) / span) * 100), y: Math.round(((n.position.y - minY) / span) * 100), kind: KIND[n.type] ?? 'task' })),
    edges: doc.edges.flatMap((e) => {
      const a = index.get(e.source);
      const b = index.get(e.target);
      return a === undefined || b === undefined ? [] : [[a, b] as [number, number]];
    }),
  };
}

/**
 * The document of template `id`, laid out, or null for an unknown id.
 * Every call builds a fresh copy (callers may change it).
 */
export function buildTemplate(id: string): WorkflowDocument | null {
  const t = TEMPLATES.find((x) => x.id === id);
  if (!t) return null;
  const doc = t.build();
  return doc.nodes.length ? autoLayout(doc) : doc;
}

/** Groups the user tasks of template `id` name (empty for an unknown id). */
export function templateGroups(id: string): string[] {
  return TEMPLATES.find((x) => x.id === id)?.groups ?? [];
}

/** The gallery: one card per template, in gallery order. */
export function templateCards(): TemplateCard[] {
  return TEMPLATES.map((t) => {
    const doc = buildTemplate(t.id)!;
    return {
      id: t.id,
      name: t.id === 'blank' ? 'Blank workflow' : doc.name,
      description: doc.description,
      category: t.category,
      nodeCount: doc.nodes.length,
      nodeTypes: [...new Set(doc.nodes.map((n) => n.type))],
      groups: t.groups,
      shape: shapeOf(doc),
    };
  });
}

export { freeName, nameKey } from '@/lib/workflow/names';
