'use client';
/**
 * The node id in the side panel, editable: Enter or leaving the field renames the
 * node and rewrites every expression, template, code field and edge that refers to
 * it (`lib/designer/rename.ts`); Escape puts the id back. A refused id (taken,
 * invalid) keeps the typed text and says why under the field.
 */
import { useState } from 'react';
import { nodeIdProblem } from '@/lib/designer/rename';
import { designerStore } from '@/lib/designer/store';
import { copyText as copy } from './copy';
import { toast } from './toast';
import { IconButton, INPUT } from './ui';
import { UiIcon } from './ui-icons';

export function NodeIdField({ nodeId, readOnly }: { nodeId: string; readOnly?: boolean }) {
  const [text, setText] = useState(nodeId);
  const [error, setError] = useState<string | null>(null);
  const inputId = `node-id-${nodeId}`;

  const commit = () => {
    const to = text.trim();
    if (to === nodeId) {
      setText(nodeId);
      setError(null);
      return;
    }
    const err = designerStore.getState().renameNode(nodeId, to);
    if (err) setError(err);
    else toast.success(`Renamed to ${to}`, 'Expressions and connections that used the old id were updated.');
  };

  return (
    <div>
      <label htmlFor={inputId} className="mb-1.5 block text-[13px] font-medium text-slate-700">
        Node id
      </label>
      <div className="flex items-center gap-1">
        <input
          id={inputId}
          data-testid="node-id-input"
          value={text}
          readOnly={readOnly}
          maxLength={64}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={`${inputId}-help`}
          onChange={(e) => {
            setText(e.target.value);
            setError(e.target.value.trim() === '' ? null : nodeIdProblem(e.target.value.trim()));
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              commit();
            } else if (e.key === 'Escape') {
              setText(nodeId);
              setError(null);
              e.currentTarget.blur();
            }
          }}
          onBlur={() => {
            if (text.trim() === '') {
              setText(nodeId);
              setError(null);
            } else commit();
          }}
          className={`${INPUT} h-8 min-w-0 flex-1 font-mono text-[12px]`}
        />
        <IconButton label="Copy node id" data-testid="copy-node-id" onClick={() => void copy(nodeId)}>
          <UiIcon name="copy" className="h-3.5 w-3.5" />
        </IconButton>
      </div>
      {error ? (
        <p id={`${inputId}-help`} className="mt-1.5 text-xs text-red-600" role="alert" data-testid="node-id-error">
          {error}
        </p>
      ) : (
        <p id={`${inputId}-help`} className="mt-1.5 text-xs leading-relaxed text-slate-500">
          Use{' '}
          <button type="button" className="rounded bg-slate-100 px-1 py-px font-mono text-[11px] text-slate-700 hover:bg-indigo-50 hover:text-indigo-700" title="Copy" onClick={() => void copy(`$steps.${nodeId}.output`)}>
            $steps.{nodeId}.output
          </button>{' '}
          in expressions to read this step’s result. Renaming updates every expression that uses it.
        </p>
      )}
    </div>
  );
}
