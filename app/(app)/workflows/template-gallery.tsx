'use client';
/**
 * "New workflow": a gallery of starting points (blank, the examples, and templates that
 * run offline against the demo endpoints), filtered by category, and the name of the new
 * workflow (prefilled with a free one). The server builds the chosen template and
 * refuses a taken name (CONFLICT at `name`); the dialog then proposes a free name.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useMemo, useState } from 'react';
import { errorIssues, errorMessage, useTRPC } from '@/lib/trpc/client';
import { freeName } from '@/lib/workflow/names';
import { getNodeType } from '@/lib/nodes/registry';
import { toast } from '@/components/designer/toast';
import { Badge, Button, Dialog, FieldRow, TextInput } from '@/components/designer/ui';
import { TemplateShapeView } from './template-shape';

interface Card {
  id: string;
  name: string;
  description: string;
  category: string;
  nodeCount: number;
  nodeTypes: string[];
  groups: string[];
  shape: Parameters<typeof TemplateShapeView>[0]['shape'];
}

/** "9 steps · HTTP request, User task, Exclusive gateway" (the first three kinds, triggers and ends left out). */
function hint(c: Card): string {
  if (c.nodeCount === 0) return 'Empty canvas';
  const kinds = c.nodeTypes
    .map((t) => getNodeType(t))
    .filter((d) => d && d.behavior !== 'trigger' && d.behavior !== 'end')
    .map((d) => d!.label);
  return `${c.nodeCount} nodes · ${kinds.slice(0, 3).join(', ')}${kinds.length > 3 ? ` +${kinds.length - 3}` : ''}`;
}

export function NewWorkflowDialog({ open, onClose, takenNames }: { open: boolean; onClose: () => void; takenNames: string[] }) {
  return open ? <GalleryBody onClose={onClose} takenNames={takenNames} /> : null;
}

function GalleryBody({ onClose, takenNames }: { onClose: () => void; takenNames: string[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const qc = useQueryClient();
  const cards = useQuery({ ...trpc.workflows.templates.queryOptions(), staleTime: Infinity });
  const create = useMutation(trpc.workflows.create.mutationOptions());
  const [category, setCategory] = useState('All');
  const [chosen, setChosen] = useState('blank');
  const [name, setName] = useState('');
  const [edited, setEdited] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [proposal, setProposal] = useState<string | null>(null);
  const list = (cards.data ?? []) as Card[];
  const categories = useMemo(() => ['All', ...new Set(list.map((c) => c.category))], [list]);
  const shown = list.filter((c) => category === 'All' || c.category === category);

  const choose = (c: Card) => {
    setChosen(c.id);
    setError(null);
    setProposal(null);
    if (!edited) setName(c.id === 'blank' ? '' : freeName(c.name, takenNames));
  };
  const submit = async (asName = name) => {
    if (!asName.trim()) return setError('Give the workflow a name.');
    try {
      const r = await create.mutateAsync({ name: asName.trim(), template: chosen === 'blank' ? undefined : chosen });
      await qc.invalidateQueries({ queryKey: trpc.workflows.list.queryKey() });
      if (r.createdGroups.length) toast.success('Groups created', `This template hands work to ${r.createdGroups.join(', ')}; add members on the People page.`);
      if (r.missingGroups.length) toast.error('Groups missing', `Ask an admin to create ${r.missingGroups.join(', ')} before publishing.`);
      router.push(`/workflows/${r.id}`);
    } catch (err) {
      const taken = errorIssues(err).find((i) => i.path[0] === 'name');
      setError(taken ? `A workflow named “${asName.trim()}” already exists.` : errorMessage(err));
      setProposal(taken ? freeName(asName, [...takenNames, asName]) : null);
    }
  };
  return (
    <Dialog
      open
      onClose={onClose}
      testId="new-workflow-dialog"
      width="max-w-5xl"
      title="New workflow"
      description="Start from a blank canvas or a template. Templates call Baton's built-in demo services, so they run as soon as you publish them."
      footer={
        <form
          className="flex w-full items-start gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <div className="min-w-0 flex-1">
            <FieldRow label="Name" htmlFor="new-workflow-name" error={error}>
              <TextInput
                id="new-workflow-name"
                data-testid="new-workflow-name"
                value={name}
                maxLength={200}
                placeholder="e.g. Customer onboarding"
                aria-invalid={!!error || undefined}
                onChange={(e) => {
                  setName(e.target.value);
                  setEdited(true);
                  setError(null);
                  setProposal(null);
                }}
              />
            </FieldRow>
            {proposal && (
              <button type="button" data-testid="use-proposed-name" className="mt-1 text-[13px] font-medium text-indigo-700 hover:underline" onClick={() => { setName(proposal); setError(null); setProposal(null); void submit(proposal); }}>
                Use “{proposal}” instead
              </button>
            )}
          </div>
          <div className="flex shrink-0 gap-2 pt-6">
            <Button type="button" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" variant="primary" loading={create.isPending} data-testid="create-workflow">
              Create and open
            </Button>
          </div>
        </form>
      }
    >
      <div className="mb-4 flex flex-wrap gap-1.5" role="tablist" aria-label="Template categories">
        {categories.map((c) => (
          <button
            key={c}
            type="button"
            role="tab"
            aria-selected={category === c}
            onClick={() => setCategory(c)}
            className={`rounded-full px-3 py-1 text-[13px] font-medium transition-colors ${category === c ? 'bg-indigo-600 text-white' : 'bg-slate-100 text-slate-600 hover:bg-slate-200 hover:text-slate-900'}`}
          >
            {c}
          </button>
        ))}
      </div>
      {cards.isLoading ? (
        <div className="grid grid-cols-3 gap-3" aria-busy="true">
          {[0, 1, 2, 3, 4, 5].map((i) => (
            <div key={i} className="h-44 animate-pulse rounded-xl bg-slate-100" />
          ))}
        </div>
      ) : cards.error ? (
        <p className="text-sm text-red-600">Could not load templates: {errorMessage(cards.error)}</p>
      ) : (
        <div className="grid max-h-[46vh] grid-cols-1 gap-3 overflow-y-auto p-0.5 sm:grid-cols-2 lg:grid-cols-3" role="listbox" aria-label="Templates" data-testid="template-gallery">
          {shown.map((c) => (
            <button
              key={c.id}
              type="button"
              role="option"
              aria-selected={chosen === c.id}
              data-testid={`template-${c.id}`}
              onClick={() => choose(c)}
              onDoubleClick={() => {
                choose(c);
                if (c.id === 'blank' ? name.trim() : true) void submit(edited ? name : c.id === 'blank' ? name : freeName(c.name, takenNames));
              }}
              className={`group flex flex-col overflow-hidden rounded-xl border bg-white text-left transition-shadow ${chosen === c.id ? 'border-indigo-500 shadow-md ring-2 ring-indigo-500/20' : 'border-slate-200 shadow-xs hover:border-slate-300 hover:shadow-sm'}`}
            >
              <div className="flex h-24 items-center justify-center border-b border-slate-100 bg-slate-50/70">
                <TemplateShapeView shape={c.shape} />
              </div>
              <div className="flex flex-1 flex-col gap-1 px-3.5 py-3">
                <div className="flex items-center gap-2">
                  <span className="min-w-0 flex-1 truncate text-sm font-semibold text-slate-900">{c.name}</span>
                  <Badge tone={c.id === 'blank' ? 'slate' : 'indigo'}>{c.category}</Badge>
                </div>
                <p className="line-clamp-2 text-[12.5px] leading-snug text-slate-500">{c.description}</p>
                <p className="mt-auto pt-1 text-[11.5px] text-slate-500" data-testid="template-hint">
                  {hint(c)}
                </p>
              </div>
            </button>
          ))}
        </div>
      )}
    </Dialog>
  );
}
