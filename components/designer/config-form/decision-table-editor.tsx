'use client';
/**
 * The decision table editor (`widget: 'decisionTable'`, see
 * `lib/nodes/decision-table/definition.ts`): input columns (label + JSONata
 * expression), output columns (name), and one row per rule with an input entry per
 * input (a unary test), an output entry per output (JSONata) and a note. Rows and
 * columns can be added, removed and reordered; cell problems (from the config
 * schema and the workflow validator) mark the cell and are listed under the table.
 * The same editor opens full width in a dialog. Edits: `lib/designer/decision-table.ts`.
 */
import { useMemo, useState } from 'react';
import * as T from '@/lib/designer/decision-table';
import { pathKey } from '@/lib/designer/json-schema';
import { Button, Dialog } from '../ui';
import { UiIcon } from '../ui-icons';
import { CELL_INPUT, Cell, INVALID, Mini, RuleActions } from './decision-table-parts';

export interface DecisionTableControlProps {
  value: unknown;
  onChange: (v: T.TableValue) => void;
  /** Config path of the table (`['table']`); issue keys below it are read from `issues`. */
  path: (string | number)[];
  issues: Map<string, string[]>;
  hitPolicy?: unknown;
  testId: string;
}

const HIT_LETTER: Record<string, string> = { FIRST: 'F', UNIQUE: 'U', COLLECT: 'C' };

export function DecisionTableControl(props: DecisionTableControlProps) {
  const [expanded, setExpanded] = useState(false);
  const table = useMemo(() => T.normalizeTable(props.value), [props.value]);
  const messages = useMemo(() => tableMessages(table, props.path, props.issues), [table, props.path, props.issues]);
  return (
    <div data-testid={props.testId}>
      <div className="mb-1.5 flex items-center gap-2">
        <span className="text-[13px] font-medium text-slate-700">Rules</span>
        <span className="text-xs text-slate-500 tabular-nums">{table.rules.length}</span>
        <button
          type="button"
          data-testid="dt-expand"
          onClick={() => setExpanded(true)}
          className="ml-auto inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs font-medium text-indigo-600 hover:bg-indigo-50 hover:text-indigo-700"
        >
          <UiIcon name="externalLink" className="h-3 w-3" />
          Expand
        </button>
      </div>
      <p className="mb-2 text-xs leading-relaxed text-slate-500">
        Each rule tests the inputs left to right; <code className="rounded bg-slate-100 px-1 font-mono text-[11px] text-slate-700">-</code> matches anything. Outputs are JSONata, e.g.{' '}
        <code className="rounded bg-slate-100 px-1 font-mono text-[11px] text-slate-700">&quot;approve&quot;</code>.
      </p>
      <TableGrid {...props} table={table} compact />
      <Messages messages={messages} />
      <Dialog
        open={expanded}
        onClose={() => setExpanded(false)}
        width="max-w-[min(1180px,96vw)]"
        testId="dt-dialog"
        title="Decision table"
        description="Input entries are unary tests: 5, &quot;gold&quot;, < 10, [1..10], &quot;a&quot;,&quot;b&quot;, not(…). Output entries are JSONata expressions."
        footer={
          <Button variant="primary" size="sm" onClick={() => setExpanded(false)}>
            Done
          </Button>
        }
      >
        <TableGrid {...props} table={table} />
        <Messages messages={messages} />
      </Dialog>
    </div>
  );
}

/** Problems of the table, each located by rule and column: `Rule 2 · Tier: …`. */
function tableMessages(table: T.TableValue, path: (string | number)[], issues: Map<string, string[]>): { where: string; text: string }[] {
  const prefix = pathKey(path);
  const out: { where: string; text: string }[] = [];
  for (const [key, list] of issues) {
    if (key !== prefix && !key.startsWith(`${prefix}.`)) continue;
    const rest = key === prefix ? [] : key.slice(prefix.length + 1).split('.');
    const [group, a, part, b] = rest;
    const i = Number(a);
    let where = 'Table';
    if (group === 'inputs') where = Number.isInteger(i) ? `Input “${table.inputs[i]?.label || i + 1}”` : 'Inputs';
    else if (group === 'outputs') where = Number.isInteger(i) ? `Output “${table.outputs[i]?.name || i + 1}”` : 'Outputs';
    else if (group === 'rules' && Number.isInteger(i)) {
      const j = Number(b);
      const column = part === 'when' && Number.isInteger(j) ? table.inputs[j]?.label : part === 'then' && Number.isInteger(j) ? table.outputs[j]?.name : undefined;
      where = `Rule ${i + 1}${column ? ` · ${column}` : part === 'note' ? ' · Note' : ''}`;
    }
    for (const text of list) out.push({ where, text: text.replace(/^"[^"]*": /, '') });
  }
  return out;
}

function Messages({ messages }: { messages: { where: string; text: string }[] }) {
  if (messages.length === 0) return null;
  return (
    <ul className="mt-2 space-y-1" data-testid="dt-issues">
      {messages.map((m, i) => (
        <li key={i} className="flex items-start gap-1.5 text-xs leading-snug text-red-600">
          <UiIcon name="alert" className="mt-px h-3 w-3 shrink-0" />
          <span>
            <span className="font-medium">{m.where}:</span> {m.text}
          </span>
        </li>
      ))}
    </ul>
  );
}


function TableGrid({ table, onChange, path, issues, hitPolicy, compact }: DecisionTableControlProps & { table: T.TableValue; compact?: boolean }) {
  const base = pathKey(path);
  const issueAt = (...p: (string | number)[]) => issues.get(`${base}.${p.join('.')}`)?.join('; ');
  const set = (t: T.TableValue) => onChange(t);
  const inW = compact ? 'min-w-[118px]' : 'min-w-[170px]';
  const outW = compact ? 'min-w-[118px]' : 'min-w-[170px]';
  const letter = HIT_LETTER[String(hitPolicy ?? 'FIRST')] ?? 'F';
  const nIn = table.inputs.length;
  const nOut = table.outputs.length;
  const divider = 'border-l-2 border-l-slate-300';

  return (
    <div className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-xs">
      <div className="overflow-x-auto">
        <table className="w-full border-collapse text-left" data-testid="dt-table" onKeyDown={moveBetweenRows}>
          <thead>
            <tr className="border-b border-slate-200 text-[10px] font-semibold tracking-wider text-slate-500 uppercase">
              <th rowSpan={2} className="sticky left-0 z-10 w-8 border-r border-slate-200 bg-slate-50 text-center align-middle" title={`Hit policy ${String(hitPolicy ?? 'FIRST')}`}>
                <span className="inline-flex h-5 w-5 items-center justify-center rounded bg-white text-[11px] font-bold text-teal-700 ring-1 ring-slate-200">{letter}</span>
              </th>
              <th colSpan={Math.max(nIn, 1)} className="bg-slate-50 px-2 pt-1.5 pb-1">
                <GroupHead label="When" add="Add input" testId="dt-add-input" onAdd={() => set(T.addInput(table))} />
              </th>
              <th colSpan={Math.max(nOut, 1)} className={`bg-teal-50/70 px-2 pt-1.5 pb-1 ${divider}`}>
                <GroupHead label="Then" add="Add output" testId="dt-add-output" onAdd={() => set(T.addOutput(table))} />
              </th>
              {!compact && (
                <th rowSpan={2} className="min-w-[180px] border-l border-slate-200 bg-slate-50 px-2 pb-2 align-bottom">
                  Note
                </th>
              )}
              <th rowSpan={2} className={`sticky right-0 z-10 border-l border-slate-200 bg-slate-50 shadow-[-6px_0_8px_-6px_rgba(15,23,42,0.15)] ${compact ? 'w-7' : 'w-[100px]'}`} aria-label="Rule actions" />
            </tr>
            <tr className="border-b border-slate-200 align-top">
              {nIn === 0 && <th className="bg-slate-50 px-2 py-2 text-xs font-normal text-slate-500">No inputs</th>}
              {table.inputs.map((col, j) => (
                <th key={j} className={`group/col border-slate-200 bg-slate-50 p-1 font-normal ${j > 0 ? 'border-l' : ''} ${inW}`}>
                  <ColumnHead
                    name={col.label}
                    namePlaceholder="Label"
                    nameInvalid={issueAt('inputs', j, 'label')}
                    onName={(v) => set(T.updateInput(table, j, { label: v }))}
                    sub={col.expression}
                    subPlaceholder="$input.field"
                    subInvalid={issueAt('inputs', j, 'expression')}
                    onSub={(v) => set(T.updateInput(table, j, { expression: v }))}
                    testId={`dt-input-${j}`}
                    canLeft={j > 0}
                    canRight={j < nIn - 1}
                    canRemove={nIn > 1}
                    onLeft={() => set(T.moveInput(table, j, j - 1))}
                    onRight={() => set(T.moveInput(table, j, j + 1))}
                    onRemove={() => set(T.removeInput(table, j))}
                    kind="input"
                  />
                </th>
              ))}
              {nOut === 0 && <th className={`bg-teal-50/70 px-2 py-2 text-xs font-normal text-slate-500 ${divider}`}>No outputs</th>}
              {table.outputs.map((col, k) => (
                <th key={k} className={`group/col bg-teal-50/70 p-1 font-normal ${k === 0 ? divider : 'border-l border-teal-100'} ${outW}`}>
                  <ColumnHead
                    name={col.name}
                    namePlaceholder="name"
                    nameInvalid={issueAt('outputs', k, 'name')}
                    onName={(v) => set(T.updateOutput(table, k, { name: v }))}
                    testId={`dt-output-${k}`}
                    canLeft={k > 0}
                    canRight={k < nOut - 1}
                    canRemove={nOut > 1}
                    onLeft={() => set(T.moveOutput(table, k, k - 1))}
                    onRight={() => set(T.moveOutput(table, k, k + 1))}
                    onRemove={() => set(T.removeOutput(table, k))}
                    kind="output"
                  />
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rules.map((rule, i) => {
              const rowIssue = issueAt('rules', i, 'when') ?? issueAt('rules', i, 'then') ?? issueAt('rules', i);
              return (
                <tr key={i} className="group/row border-b border-slate-100 last:border-b-0 hover:bg-slate-50/50" data-testid="dt-rule">
                  <td className={`sticky left-0 z-10 border-r border-slate-200 bg-white text-center text-[11px] font-semibold text-slate-500 tabular-nums group-hover/row:bg-slate-50 ${rowIssue ? 'text-red-600!' : ''}`} title={rowIssue ?? (rule.note || undefined)}>
                    {i + 1}
                  </td>
                  {nIn === 0 && <td />}
                  {table.inputs.map((_, j) => (
                    <td key={j} className={`p-0.5 ${j > 0 ? 'border-l border-slate-100' : ''}`}>
                      <Cell row={i} col={`w${j}`} value={rule.when[j] ?? ''} placeholder="-" invalid={issueAt('rules', i, 'when', j)} onChange={(v) => set(T.setCell(table, i, 'when', j, v))} testId={`dt-cell-${i}-when-${j}`} label={`Rule ${i + 1}, ${table.inputs[j]?.label || `input ${j + 1}`}`} />
                    </td>
                  ))}
                  {nOut === 0 && <td className={divider} />}
                  {table.outputs.map((_, k) => (
                    <td key={k} className={`bg-teal-50/20 p-0.5 ${k === 0 ? divider : 'border-l border-teal-50'}`}>
                      <Cell row={i} col={`t${k}`} value={rule.then[k] ?? ''} placeholder="null" invalid={issueAt('rules', i, 'then', k)} onChange={(v) => set(T.setCell(table, i, 'then', k, v))} testId={`dt-cell-${i}-then-${k}`} label={`Rule ${i + 1}, ${table.outputs[k]?.name || `output ${k + 1}`}`} />
                    </td>
                  ))}
                  {!compact && (
                    <td className="border-l border-slate-100 p-0.5">
                      <input
                        className={`${CELL_INPUT} font-sans! text-slate-600`}
                        value={rule.note}
                        maxLength={500}
                        placeholder="—"
                        aria-label={`Rule ${i + 1} note`}
                        data-testid={`dt-cell-${i}-note`}
                        onChange={(e) => set(T.setCell(table, i, 'note', 0, e.target.value))}
                      />
                    </td>
                  )}
                  <td className="sticky right-0 z-10 border-l border-slate-100 bg-white px-0.5 shadow-[-6px_0_8px_-6px_rgba(15,23,42,0.15)] group-hover/row:bg-slate-50">
                    <RuleActions table={table} i={i} set={set} compact={compact} />
                  </td>
                </tr>
              );
            })}
            {table.rules.length === 0 && (
              <tr>
                <td colSpan={Math.max(nIn, 1) + Math.max(nOut, 1) + (compact ? 2 : 3)} className="px-3 py-4 text-center text-xs text-slate-500">
                  No rules yet: nothing will match.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <button
        type="button"
        data-testid="dt-add-rule"
        onClick={() => set(T.addRule(table))}
        className="flex h-8 w-full items-center justify-center gap-1.5 border-t border-slate-200 bg-slate-50/60 text-[12.5px] font-medium text-slate-600 transition-colors hover:bg-indigo-50/60 hover:text-indigo-700"
      >
        <UiIcon name="plus" className="h-3.5 w-3.5" />
        Add rule
      </button>
    </div>
  );
}

/** Enter and ↓ move to the same column of the next rule, ↑ to the previous one (as in a spreadsheet). */
function moveBetweenRows(e: React.KeyboardEvent<HTMLTableElement>) {
  const el = e.target as HTMLElement;
  const row = el.dataset.row;
  const col = el.dataset.col;
  if (row === undefined || col === undefined || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
  const delta = e.key === 'ArrowDown' || e.key === 'Enter' ? 1 : e.key === 'ArrowUp' ? -1 : 0;
  if (!delta) return;
  const next = e.currentTarget.querySelector<HTMLInputElement>(`input[data-row="${Number(row) + delta}"][data-col="${col}"]`);
  if (!next) return;
  e.preventDefault();
  next.focus();
  next.select();
}

function GroupHead({ label, add, onAdd, testId }: { label: string; add: string; onAdd: () => void; testId: string }) {
  return (
    <div className="flex items-center gap-1">
      <span>{label}</span>
      <button type="button" title={add} aria-label={add} data-testid={testId} onClick={onAdd} className="ml-auto inline-flex h-5 items-center gap-0.5 rounded px-1 text-[10px] font-semibold tracking-normal text-slate-500 normal-case hover:bg-white hover:text-indigo-700">
        <UiIcon name="plus" className="h-3 w-3" />
        {label === 'When' ? 'Input' : 'Output'}
      </button>
    </div>
  );
}

function ColumnHead(p: {
  name: string;
  namePlaceholder: string;
  nameInvalid?: string;
  onName: (v: string) => void;
  sub?: string;
  subPlaceholder?: string;
  subInvalid?: string;
  onSub?: (v: string) => void;
  testId: string;
  canLeft: boolean;
  canRight: boolean;
  canRemove: boolean;
  onLeft: () => void;
  onRight: () => void;
  onRemove: () => void;
  kind: 'input' | 'output';
}) {
  const what = p.kind === 'input' ? 'input' : 'output';
  return (
    <div className="relative space-y-0.5">
      <div className="flex items-center">
        <input
          className={`${CELL_INPUT} py-1! text-[12px] font-semibold ${p.kind === 'input' ? 'font-sans! text-slate-800' : 'text-teal-800'} ${p.nameInvalid ? INVALID : ''}`}
          value={p.name}
          placeholder={p.namePlaceholder}
          aria-label={`${p.kind === 'input' ? 'Input label' : 'Output name'}`}
          aria-invalid={!!p.nameInvalid || undefined}
          title={p.nameInvalid}
          data-testid={`${p.testId}-name`}
          onChange={(e) => p.onName(e.target.value)}
        />
        <span className="pointer-events-none absolute top-1 right-1 flex rounded bg-white/95 opacity-0 shadow-sm ring-1 ring-slate-200 transition-opacity group-hover/col:pointer-events-auto group-hover/col:opacity-100 focus-within:pointer-events-auto focus-within:opacity-100">
          <Mini label={`Move ${what} left`} disabled={!p.canLeft} onClick={p.onLeft}>
            <UiIcon name="chevronLeft" className="h-3 w-3" />
          </Mini>
          <Mini label={`Move ${what} right`} disabled={!p.canRight} onClick={p.onRight}>
            <UiIcon name="chevronRight" className="h-3 w-3" />
          </Mini>
          <Mini label={`Remove ${what}`} disabled={!p.canRemove} onClick={p.onRemove} danger testId={`${p.testId}-remove`}>
            <UiIcon name="x" className="h-3 w-3" />
          </Mini>
        </span>
      </div>
      {!p.onSub && (
        <span className="block px-2 py-1 font-mono text-[10.5px] text-teal-700/60 select-none" title="Output entries are JSONata expressions; empty gives null">
          JSONata
        </span>
      )}
      {p.onSub && (
        <input
          className={`${CELL_INPUT} py-1! text-[11px] text-indigo-700 ${p.subInvalid ? INVALID : ''}`}
          value={p.sub ?? ''}
          placeholder={p.subPlaceholder}
          aria-label="Input expression (JSONata)"
          aria-invalid={!!p.subInvalid || undefined}
          title={p.subInvalid ?? 'JSONata expression giving this input’s value'}
          spellCheck={false}
          data-testid={`${p.testId}-expression`}
          onChange={(e) => p.onSub!(e.target.value)}
        />
      )}
    </div>
  );
}
