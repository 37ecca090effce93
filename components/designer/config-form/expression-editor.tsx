'use client';
/**
 * The JSONata editor of `expression` fields (CodeMirror 6): parse errors underlined
 * at JSONata's position, completion of `$input`, `$steps.<id>.output…`, `$vars`,
 * `$run`, functions and fields (from the workflow's last run, else from declared
 * shapes), and a live preview of the result against the last run, evaluated on the
 * server with the run guardrails.
 *
 * Keyboard: typing `$` or `.` opens suggestions (Ctrl+Space any time), arrows pick,
 * Enter accepts, Escape closes; Tab leaves the editor (it is never trapped).
 *
 * `mode: 'template'` edits text with `{{ expression }}` parts (URL, headers, task
 * titles, prompts): the same completion and error marks inside the parts, the parts
 * highlighted, no preview; `singleLine` refuses line breaks (a URL).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { EditorState, Transaction, type Extension } from '@codemirror/state';
import { Decoration, EditorView, keymap, MatchDecorator, placeholder as placeholderExt, drawSelection, ViewPlugin, type DecorationSet, type ViewUpdate } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { autocompletion, completionKeymap, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { linter, type Diagnostic } from '@codemirror/lint';
import { completionTarget, sampleContext, suggest, syntaxProblem, templateExpressionBefore, templateProblems } from '@/lib/expressions/assist';
import { useTRPC } from '@/lib/trpc/client';
import { useExpressionEnv } from './expression-context';

export interface ExpressionEditorProps {
  id: string;
  value: string;
  onChange: (v: string) => void;
  invalid: boolean;
  testId: string;
  placeholder?: string;
  /** Id of the element that labels the editor. */
  labelId?: string;
  /** `template`: text with `{{ }}` parts (default `expression`: JSONata). */
  mode?: 'expression' | 'template';
  /** Refuse line breaks (a one-line field such as a URL). */
  singleLine?: boolean;
}

/** Marks the `{{ … }}` parts of a template. */
const templateParts = new MatchDecorator({ regexp: /\{\{[\s\S]*?\}\}/g, decoration: Decoration.mark({ class: 'cm-template-part' }) });
const highlightParts = ViewPlugin.fromClass(
  class {
    parts: DecorationSet;
    constructor(view: EditorView) {
      this.parts = templateParts.createDeco(view);
    }
    update(u: ViewUpdate) {
      this.parts = templateParts.updateDeco(u, this.parts);
    }
  },
  { decorations: (v) => v.parts },
);

/** Drops a user's edit that would leave more than one line (a value set from outside is kept as it is). */
const oneLine = EditorState.transactionFilter.of((tr) => (tr.docChanged && tr.newDoc.lines > 1 && tr.annotation(Transaction.userEvent) !== undefined ? [] : tr));

const theme = EditorView.theme({
  '&': { fontSize: '12px', backgroundColor: 'white' },
  '&.cm-focused': { outline: 'none' },
  '.cm-scroller': { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', lineHeight: '1.6', maxHeight: '320px', overflow: 'auto' },
  '.cm-content': { padding: '5px 0', caretColor: '#4f46e5' },
  '.cm-line': { padding: '0 10px' },
  '.cm-placeholder': { color: '#94a3b8' },
  '.cm-lintRange-error': { backgroundImage: 'none', textDecoration: 'underline wavy #ef4444', textUnderlineOffset: '3px' },
  '.cm-tooltip': { border: '1px solid #e2e8f0', borderRadius: '8px', boxShadow: '0 8px 24px rgb(15 23 42 / 0.12)', overflow: 'hidden', backgroundColor: 'white' },
  '.cm-tooltip-autocomplete > ul': { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: '12px', maxHeight: '220px' },
  '.cm-tooltip-autocomplete > ul > li': { padding: '3px 10px !important' },
  '.cm-tooltip-autocomplete > ul > li[aria-selected]': { backgroundColor: '#eef2ff', color: '#3730a3' },
  '.cm-completionDetail': { color: '#94a3b8', fontStyle: 'normal', marginLeft: '12px' },
  '.cm-tooltip-lint': { padding: '0' },
  '.cm-diagnostic': { fontFamily: 'system-ui, sans-serif', fontSize: '12px', padding: '6px 10px' },
  '.cm-diagnostic-error': { borderLeft: '3px solid #ef4444' },
  '.cm-template-part': { color: '#6d28d9', backgroundColor: '#f5f3ff', borderRadius: '3px' },
});

/** Waits `ms` after the last change of `value`. */
function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

export function ExpressionEditor({ id, value, onChange, invalid, testId, placeholder, labelId, mode = 'expression', singleLine = false }: ExpressionEditorProps) {
  const env = useExpressionEnv();
  const trpc = useTRPC();
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  // The value the form holds: an edit from outside (undo, rename) set into the editor is not reported back as a change.
  const valueRef = useRef(value);
  valueRef.current = value;

  const workflowId = env?.workflowId ?? null;
  const scopeQuery = useQuery({ ...trpc.expressions.scope.queryOptions({ workflowId: workflowId ?? '-' }, { staleTime: 30_000 }), enabled: !!workflowId });
  const sample = useMemo(() => (env ? sampleContext(env.doc, env.nodeId, scopeQuery.data?.scope ?? null) : { input: {}, steps: {}, vars: {}, run: {} }), [env, scopeQuery.data]);
  const sampleRef = useRef(sample);
  sampleRef.current = sample;

  // Create the editor once; later value changes from outside are dispatched below.
  useEffect(() => {
    const complete = (ctx: CompletionContext): CompletionResult | null => {
      let before = ctx.state.sliceDoc(0, ctx.pos);
      let offset = 0;
      if (mode === 'template') {
        const part = templateExpressionBefore(ctx.state.doc.toString(), ctx.pos);
        if (!part) return null;
        before = part.before;
        offset = part.offset;
      }
      const target = completionTarget(before);
      if (!target) return null;
      if (target.kind === 'root' && target.prefix === '' && !ctx.explicit) return null;
      const options = suggest(target, sampleRef.current).map((s) => ({ label: s.label, detail: s.detail, type: s.kind }));
      if (!options.length) return null;
      return { from: target.from + offset, options, validFor: /^[\w$`]*$/ };
    };
    const lint = (v: EditorView): Diagnostic[] => {
      const text = v.state.doc.toString();
      const problems = mode === 'template' ? templateProblems(text) : [syntaxProblem(text)].filter((p) => p !== null);
      return problems.map((p) => ({ from: p.from, to: p.to, severity: 'error', message: p.message }));
    };
    const extensions: Extension[] = [
      history(),
      drawSelection(),
      keymap.of([...completionKeymap, ...defaultKeymap, ...historyKeymap]),
      autocompletion({ override: [complete], activateOnTyping: true, icons: false }),
      linter(lint, { delay: 250 }),
      ...(mode === 'template' ? [highlightParts] : []),
      ...(singleLine ? [oneLine] : [EditorView.lineWrapping]),
      placeholderExt(placeholder ?? ''),
      theme,
      EditorView.contentAttributes.of({
        id,
        'data-testid': testId,
        'aria-multiline': singleLine ? 'false' : 'true',
        role: 'textbox',
        ...(labelId ? { 'aria-labelledby': labelId } : {}),
        spellcheck: 'false',
        autocapitalize: 'off',
        autocorrect: 'off',
      }),
      EditorView.updateListener.of((u) => {
        if (!u.docChanged) return;
        const text = u.state.doc.toString();
        if (text !== valueRef.current) onChangeRef.current(text);
      }),
    ];
    const v = new EditorView({ state: EditorState.create({ doc: value, extensions }), parent: host.current! });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id, testId, mode, singleLine]);

  useEffect(() => {
    const v = view.current;
    if (!v) return;
    const current = v.state.doc.toString();
    if (current !== value) v.dispatch({ changes: { from: 0, to: current.length, insert: value } });
  }, [value]);

  useEffect(() => {
    view.current?.contentDOM.setAttribute('aria-invalid', invalid ? 'true' : 'false');
  }, [invalid]);

  return (
    <div>
      <div
        ref={host}
        data-invalid={invalid || undefined}
        className="overflow-hidden rounded-md border border-slate-200 bg-white shadow-xs transition-colors hover:border-slate-300 focus-within:border-indigo-500 focus-within:ring-2 focus-within:ring-indigo-500/20 data-invalid:border-red-400 data-invalid:focus-within:ring-red-500/20"
      />
      {workflowId && mode === 'expression' && <Preview workflowId={workflowId} expression={value} lastRunId={scopeQuery.data?.runId ?? null} testId={testId} />}
    </div>
  );
}

/** The expression's value against the last run, refreshed shortly after typing stops. */
function Preview({ workflowId, expression, lastRunId, testId }: { workflowId: string; expression: string; lastRunId: string | null; testId: string }) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(true);
  const text = useDebounced(expression.trim(), 400);
  const parses = !!text && !syntaxProblem(text);
  const q = useQuery({ ...trpc.expressions.preview.queryOptions({ workflowId, expression: text }, { staleTime: 10_000 }), enabled: open && parses && !!lastRunId });
  let body: React.ReactNode;
  if (!lastRunId) body = <p className="text-slate-500">Run the workflow once to preview this expression against real data.</p>;
  else if (!text) body = <p className="text-slate-500">Type an expression to see its value.</p>;
  else if (!parses) body = <p className="text-slate-500">Fix the syntax error to see the value.</p>;
  else if (!q.data) body = <p className="text-slate-500">{q.error ? 'Preview unavailable.' : 'Evaluating…'}</p>;
  else if (!q.data.ok) body = <p className="text-red-600" data-testid={`${testId}-preview-error`}>{q.data.message}</p>;
  else
    body = (
      <pre className="max-h-40 overflow-auto font-mono text-[11.5px] leading-relaxed whitespace-pre-wrap text-slate-800" data-testid={`${testId}-preview`}>
        {q.data.json}
        {q.data.truncated && <span className="text-slate-500">{'\n'}… (cut)</span>}
      </pre>
    );
  return (
    <div className="mt-1.5 rounded-md bg-slate-50 ring-1 ring-slate-100 ring-inset">
      <button type="button" aria-expanded={open} onClick={() => setOpen((o) => !o)} className="flex w-full items-center gap-1.5 px-2.5 py-1.5 text-left text-[11px] font-medium text-slate-500 hover:text-slate-700">
        <svg viewBox="0 0 16 16" className={`h-3 w-3 transition-transform ${open ? 'rotate-90' : ''}`} fill="none" stroke="currentColor" strokeWidth={1.8} aria-hidden>
          <path d="M6 3.5 10.5 8 6 12.5" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        Preview
        {lastRunId && <span className="ml-auto truncate font-mono font-normal text-slate-500">last run {lastRunId}</span>}
      </button>
      {open && <div className="border-t border-slate-100 px-2.5 py-2 text-[12px]">{body}</div>}
    </div>
  );
}
