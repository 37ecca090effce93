'use client';
/**
 * The node config form, generated from the node type's zod schema through JSON
 * Schema (`z.toJSONSchema(def.configSchema, { io: 'input' })`): strings, code
 * (JSONata / `{{ }}` templates), enums, booleans, numbers, lists of objects
 * (add / remove / reorder) and nested objects. Every change is validated with
 * `def.configSchema.safeParse`; each issue is shown under the field at its path.
 */
import { useMemo, useState } from 'react';
import { getNodeType } from '@/lib/nodes/registry';
import { configJsonSchema, fieldKind, humanize, issuesByPath, moveItem, newListItem, pathKey, primaryMessages, resolveSchema, singular, type JsonSchema } from '@/lib/designer/json-schema';
import { UiIcon } from '../ui-icons';
import { IconButton } from '../ui';
import { BooleanControl, EnumControl, JsonControl, MultilineControl, NumberControl, TextControl } from './controls';
import { WorkflowControl, WorkflowVersionControl } from './workflow-picker';
import { DecisionTableControl } from './decision-table-editor';
import { CredentialControl } from './credential-picker';
import { ExpressionEditor } from './expression-editor';
import { WebhookUrlControl } from './webhook-url';
import { CronControl } from './cron-control';
import { GroupControl, GroupsControl, PeopleControl, PersonControl } from './people-pickers';

type Path = (string | number)[];

interface Ctx {
  root: JsonSchema;
  issues: Map<string, string[]>;
  idPrefix: string;
}

export interface SchemaFormProps {
  nodeType: string;
  /** Stable per node; prefixes element ids. */
  nodeId: string;
  config: Record<string, unknown>;
  onChange: (config: Record<string, unknown>) => void;
  /** More issues to show by config path (e.g. JSONata syntax errors from the workflow validator). */
  extraIssues?: readonly { path: (string | number)[]; message: string }[];
}

const NO_ISSUES: NonNullable<SchemaFormProps['extraIssues']> = [];

export function SchemaForm({ nodeType, nodeId, config, onChange, extraIssues = NO_ISSUES }: SchemaFormProps) {
  const def = getNodeType(nodeType);
  const root = configJsonSchema(nodeType);
  const issues = useMemo(() => {
    const list: { path: PropertyKey[]; message: string }[] = [...extraIssues];
    if (def) {
      try {
        const r = def.configSchema.safeParse(config ?? {});
        if (!r.success) list.unshift(...r.error.issues);
      } catch (err) {
        list.unshift({ path: [], message: err instanceof Error ? err.message : String(err) });
      }
    }
    return issuesByPath(list);
  }, [def, config, extraIssues]);

  if (!def || !root) {
    return <p className="text-[13px] text-slate-500">This node type is unknown to this version of Baton; its configuration cannot be edited here.</p>;
  }
  const props = Object.entries(resolveSchema(root, root).properties ?? {});
  if (props.length === 0) return <p className="text-[13px] text-slate-500">This node has nothing to configure.</p>;

  const ctx: Ctx = { root, issues, idPrefix: `cfg-${nodeId}` };
  const known = new Set(props.map(([k]) => k));
  const loose = [...issues.entries()].filter(([k]) => k === '' || !known.has(k.split('.')[0]!)).flatMap(([, m]) => m);
  return (
    <div className="space-y-5" data-testid="config-form">
      {loose.length > 0 && <Issues messages={loose} />}
      <ObjectFields ctx={ctx} schema={resolveSchema(root, root)} value={config} path={[]} onChange={(v) => onChange(v)} />
    </div>
  );
}

function Issues({ messages }: { messages: string[] }) {
  return (
    <ul className="mt-1.5 space-y-0.5" data-testid="field-issues">
      {messages.map((m, i) => (
        <li key={i} className="flex items-start gap-1 text-xs text-red-600">
          <UiIcon name="alert" className="mt-px h-3 w-3 shrink-0" />
          <span>{m}</span>
        </li>
      ))}
    </ul>
  );
}

function asObject(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** The properties of an object schema. `compact` lays short fields out two per row (inside list items). */
function ObjectFields({ ctx, schema, value, path, onChange, compact }: { ctx: Ctx; schema: JsonSchema; value: unknown; path: Path; onChange: (v: Record<string, unknown>) => void; compact?: boolean }) {
  const obj = asObject(value);
  const entries = Object.entries(schema.properties ?? {});
  // In compact layout, consecutive short fields pair up two per row; a short field without a partner takes the full row.
  const short = entries.map(([, child]) => {
    const k = fieldKind(resolveSchema(ctx.root, child));
    return k === 'text' || k === 'enum' || k === 'integer' || k === 'number';
  });
  const halves = new Set<number>();
  if (compact) for (let i = 0; i + 1 < entries.length; i++) if (short[i] && short[i + 1]) halves.add(i).add(++i);
  return (
    <div className={compact ? 'grid grid-cols-2 gap-x-3 gap-y-3' : 'space-y-5'}>
      {entries.map(([key, child], index) => {
        const s = resolveSchema(ctx.root, child);
        const half = halves.has(index);
        return (
          <div key={key} className={compact && !half ? 'col-span-2' : undefined}>
            <SchemaField
              ctx={ctx}
              name={key}
              schema={s}
              required={(schema.required ?? []).includes(key)}
              value={obj[key]}
              siblings={obj}
              path={[...path, key]}
              onChange={(v) => {
                const next = { ...obj };
                if (v === undefined) delete next[key];
                else next[key] = v;
                onChange(next);
              }}
            />
          </div>
        );
      })}
    </div>
  );
}

/** Longest template field (its schema's maxLength) edited on one line. */
const TEMPLATE_ONE_LINE = 4000;

function WidgetHint({ widget }: { widget?: string }) {
  if (widget === 'expression')
    return (
      <span title="A JSONata expression over $input, $steps.<id>.output and $vars" className="rounded bg-indigo-50 px-1.5 py-px font-mono text-[10px] font-medium text-indigo-600 ring-1 ring-indigo-100 ring-inset">
        JSONata
      </span>
    );
  if (widget === 'javascript')
    return (
      <span title="JavaScript run in a sandbox; return the output" className="rounded bg-slate-100 px-1.5 py-px font-mono text-[10px] font-medium text-slate-600 ring-1 ring-slate-200 ring-inset">
        JS
      </span>
    );
  if (widget === 'template')
    return (
      <span title="Text with {{ JSONata }} parts, e.g. {{ $input.name }}" className="rounded bg-violet-50 px-1.5 py-px font-mono text-[10px] font-medium text-violet-600 ring-1 ring-violet-100 ring-inset">
        {'{{ }}'}
      </span>
    );
  return null;
}

/** `siblings`: the object holding this field (a version field reads its workflow id from there). */
function SchemaField({ ctx, name, schema, required, value, siblings, path, onChange }: { ctx: Ctx; name: string; schema: JsonSchema; required: boolean; value: unknown; siblings?: Record<string, unknown>; path: Path; onChange: (v: unknown) => void }) {
  const key = pathKey(path);
  const id = `${ctx.idPrefix}-${key}`;
  const testId = `config-field-${key}`;
  const kind = fieldKind(schema);
  const title = schema.title ?? humanize(name);
  const messages = primaryMessages(ctx.issues.get(key) ?? []);
  const invalid = messages.length > 0;
  const shown = value === undefined ? schema.default : value;

  if (schema.widget === 'decisionTable') {
    return <DecisionTableControl value={shown} onChange={onChange} path={path} issues={ctx.issues} hitPolicy={siblings?.hitPolicy} testId={testId} />;
  }
  if (kind === 'array') return <ArrayField ctx={ctx} schema={schema} title={title} value={shown} path={path} onChange={onChange} messages={messages} />;
  if (kind === 'object') {
    return (
      <fieldset className="rounded-lg border border-slate-200 p-3">
        <legend className="px-1 text-[13px] font-medium text-slate-700">{title}</legend>
        {schema.description && <p className="mb-3 text-xs text-slate-500">{schema.description}</p>}
        <ObjectFields ctx={ctx} schema={schema} value={shown} path={path} onChange={onChange} />
        {invalid && <Issues messages={messages} />}
      </fieldset>
    );
  }
  if (kind === 'boolean') {
    return (
      <div>
        <BooleanControl id={id} schema={schema} value={shown as boolean | undefined} onChange={onChange} invalid={invalid} testId={testId} label={title} />
        {schema.description && <p className="mt-1 pl-[46px] text-xs text-slate-500">{schema.description}</p>}
        {invalid && <Issues messages={messages} />}
      </div>
    );
  }

  // Required = the user must type something: a string with a minimum length, or a value without a default.
  const mustFill = kind === 'text' || kind === 'multiline' ? (schema.minLength ?? 0) > 0 : required && schema.default === undefined;
  const mark = mustFill ? <span className="ml-0.5 text-slate-500">*</span> : null;
  let control;
  switch (kind) {
    case 'multiline':
      if (schema.widget === 'expression') {
        control = <ExpressionEditor id={id} labelId={`${id}-label`} value={typeof shown === 'string' ? shown : ''} onChange={onChange} invalid={invalid} testId={testId} placeholder={schema.placeholder} />;
        break;
      }
      if (schema.widget === 'template') {
        // Short templates (URL, header value, task title: at most TEMPLATE_ONE_LINE characters) are one line; longer ones (instructions, prompts) wrap.
        const singleLine = (schema.maxLength ?? Infinity) <= TEMPLATE_ONE_LINE;
        control = <ExpressionEditor mode="template" singleLine={singleLine} id={id} labelId={`${id}-label`} value={typeof shown === 'string' ? shown : ''} onChange={onChange} invalid={invalid} testId={testId} placeholder={schema.placeholder} />;
        break;
      }
      control = <MultilineControl id={id} schema={schema} value={shown as string} onChange={onChange} invalid={invalid} testId={testId} />;
      break;
    case 'enum':
      control = <EnumControl id={id} schema={schema} value={shown} onChange={onChange} invalid={invalid} testId={testId} />;
      break;
    case 'integer':
    case 'number':
      if (schema.versionOf) {
        control = <WorkflowVersionControl id={id} schema={schema} value={shown as number} onChange={onChange} invalid={invalid} testId={testId} integer={kind === 'integer'} workflowId={siblings?.[schema.versionOf]} />;
        break;
      }
      control = <NumberControl id={id} schema={schema} value={shown as number} onChange={onChange} invalid={invalid} testId={testId} integer={kind === 'integer'} />;
      break;
    case 'text':
      if (schema.widget === 'cron') {
        control = <CronControl id={id} schema={schema} value={shown as string} onChange={onChange} invalid={invalid} testId={testId} timezone={siblings?.timezone} />;
        break;
      }
      if (schema.widget === 'webhookToken') {
        control = <WebhookUrlControl id={id} value={shown as string} onChange={onChange} invalid={invalid} testId={testId} />;
        break;
      }
      if (schema.widget === 'workflow') {
        control = <WorkflowControl id={id} schema={schema} value={shown as string} onChange={onChange} invalid={invalid} testId={testId} />;
        break;
      }
      if (schema.widget === 'person') {
        control = <PersonControl id={id} schema={schema} value={shown as string} onChange={onChange} invalid={invalid} testId={testId} />;
        break;
      }
      if (schema.widget === 'people') {
        control = <PeopleControl id={id} schema={schema} value={shown as string} onChange={onChange} invalid={invalid} testId={testId} />;
        break;
      }
      if (schema.widget === 'groups') {
        control = <GroupsControl id={id} schema={schema} value={shown as string} onChange={onChange} invalid={invalid} testId={testId} />;
        break;
      }
      if (schema.widget === 'group') {
        control = <GroupControl id={id} schema={schema} value={shown as string} onChange={onChange} invalid={invalid} testId={testId} />;
        break;
      }
      if (schema.widget === 'credential') {
        control = <CredentialControl id={id} schema={schema} value={shown as string} onChange={onChange} invalid={invalid} testId={testId} />;
        break;
      }
      control = <TextControl id={id} schema={schema} value={shown as string} onChange={onChange} invalid={invalid} testId={testId} />;
      break;
    default:
      control = <JsonControl id={id} schema={schema} value={shown} onChange={onChange} invalid={invalid} testId={testId} />;
  }
  return (
    <div>
      <div className="mb-1.5 flex items-center gap-2">
        <label htmlFor={id} id={`${id}-label`} className="truncate text-[13px] font-medium text-slate-700">
          {title}
          {mark}
        </label>
        <span className="ml-auto">
          <WidgetHint widget={schema.widget} />
        </span>
      </div>
      {control}
      {schema.description && <p className="mt-1.5 text-xs leading-relaxed text-slate-500">{schema.description}</p>}
      {invalid && <Issues messages={messages} />}
    </div>
  );
}

/** A short name for a list item: its label, name or id value if it has one. */
function itemName(v: unknown): string {
  const o = asObject(v);
  for (const k of ['label', 'name', 'id', 'title']) if (typeof o[k] === 'string' && (o[k] as string).trim()) return (o[k] as string).trim();
  return typeof v === 'string' ? v : '';
}

function ArrayField({ ctx, schema, title, value, path, onChange, messages }: { ctx: Ctx; schema: JsonSchema; title: string; value: unknown; path: Path; onChange: (v: unknown) => void; messages: string[] }) {
  const list = Array.isArray(value) ? value : [];
  const items = resolveSchema(ctx.root, schema.items as JsonSchema);
  const itemKind = fieldKind(items);
  const one = singular(title);
  const [collapsed, setCollapsed] = useState<Set<number>>(() => new Set());
  const canAdd = schema.maxItems === undefined || list.length < schema.maxItems;
  const canRemove = schema.minItems === undefined || list.length > schema.minItems;
  const key = pathKey(path);

  const toggle = (i: number) =>
    setCollapsed((c) => {
      const n = new Set(c);
      if (n.has(i)) n.delete(i);
      else n.add(i);
      return n;
    });

  return (
    <div data-testid={`config-list-${key}`}>
      <div className="mb-1.5 flex items-baseline gap-2">
        <span className="text-[13px] font-medium text-slate-700">{title}</span>
        <span className="text-xs text-slate-500 tabular-nums">{list.length}</span>
      </div>
      {schema.description && <p className="-mt-0.5 mb-2 text-xs leading-relaxed text-slate-500">{schema.description}</p>}
      <div className="space-y-2">
        {list.map((item, i) => {
          const itemPath = [...path, i];
          const itemIssues = [...ctx.issues.keys()].some((k) => k === pathKey(itemPath) || k.startsWith(`${pathKey(itemPath)}.`));
          const isCollapsed = collapsed.has(i);
          const set = (v: unknown) => onChange(list.map((x, j) => (j === i ? v : x)));
          return (
            <div key={i} data-testid="config-list-item" className={`rounded-lg border bg-slate-50/60 ${itemIssues ? 'border-red-200' : 'border-slate-200'}`}>
              <div className="flex items-center gap-1 py-1 pr-1 pl-2">
                <button type="button" onClick={() => toggle(i)} className="flex min-w-0 flex-1 items-center gap-1.5 rounded py-0.5 text-left" aria-expanded={!isCollapsed}>
                  <UiIcon name={isCollapsed ? 'chevronRight' : 'chevronDown'} className="h-3.5 w-3.5 shrink-0 text-slate-500" />
                  <span className="text-xs font-semibold text-slate-500 tabular-nums">#{i + 1}</span>
                  <span className="truncate text-[13px] font-medium text-slate-700">{itemName(item) || <span className="font-normal text-slate-500">New {one.toLowerCase()}</span>}</span>
                  {itemIssues && <span className="h-1.5 w-1.5 shrink-0 rounded-full bg-red-500" />}
                </button>
                <IconButton label="Move up" disabled={i === 0} onClick={() => onChange(moveItem(list, i, i - 1))}>
                  <UiIcon name="up" className="h-3.5 w-3.5" />
                </IconButton>
                <IconButton label="Move down" disabled={i === list.length - 1} onClick={() => onChange(moveItem(list, i, i + 1))}>
                  <UiIcon name="down" className="h-3.5 w-3.5" />
                </IconButton>
                <IconButton label={`Remove ${one.toLowerCase()}`} disabled={!canRemove} className="hover:bg-red-50! hover:text-red-600!" onClick={() => onChange(list.filter((_, j) => j !== i))}>
                  <UiIcon name="trash" className="h-3.5 w-3.5" />
                </IconButton>
              </div>
              {!isCollapsed && (
                <div className="border-t border-slate-200 bg-white px-3 py-3 rounded-b-lg">
                  {itemKind === 'object' ? (
                    <ObjectFields ctx={ctx} schema={items} value={item} path={itemPath} onChange={set} compact />
                  ) : (
                    <SchemaField ctx={ctx} name={`${one} ${i + 1}`} schema={items} required value={item} path={itemPath} onChange={set} />
                  )}
                  {itemKind === 'object' && (ctx.issues.get(pathKey(itemPath))?.length ?? 0) > 0 && <Issues messages={ctx.issues.get(pathKey(itemPath))!} />}
                </div>
              )}
            </div>
          );
        })}
      </div>
      <button
        type="button"
        disabled={!canAdd}
        data-testid={`config-add-${key}`}
        onClick={() => onChange([...list, newListItem(ctx.root, items, list, title)])}
        className="mt-2 flex h-8 w-full items-center justify-center gap-1.5 rounded-lg border border-dashed border-slate-300 text-[13px] font-medium text-slate-600 transition-colors hover:border-indigo-400 hover:bg-indigo-50/50 hover:text-indigo-700 disabled:cursor-not-allowed disabled:opacity-50"
      >
        <UiIcon name="plus" className="h-3.5 w-3.5" />
        Add {one.toLowerCase()}
      </button>
      {messages.length > 0 && <Issues messages={messages} />}
    </div>
  );
}
