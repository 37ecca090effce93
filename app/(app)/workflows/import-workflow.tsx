'use client';
/**
 * Importing a workflow document (JSON file). Names are unique: when the document's
 * name is taken (by the list the page shows, or by the server's CONFLICT at `name`
 * when someone else was faster), a dialog asks for another name, proposing
 * "<name> (2)"; nothing is imported until the person confirms.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { errorIssues, errorMessage, useTRPC } from '@/lib/trpc/client';
import { parseDocument, type WorkflowDocument } from '@/lib/workflow/document';
import { freeName, nameKey } from '@/lib/workflow/names';
import { toast } from '@/components/designer/toast';
import { Button, Dialog, FieldRow, TextInput } from '@/components/designer/ui';
import { UiIcon } from '@/components/designer/ui-icons';

export function ImportButton({ onImported, takenNames }: { onImported: (id: string) => void; takenNames: string[] }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const imp = useMutation(trpc.workflows.import.mutationOptions());
  const input = useRef<HTMLInputElement>(null);
  /** A parsed document waiting for a free name. */
  const [pending, setPending] = useState<{ document: WorkflowDocument; taken: string[] } | null>(null);

  const send = async (document: WorkflowDocument, name?: string): Promise<string | null> => {
    try {
      const { id } = await imp.mutateAsync({ document, name });
      await qc.invalidateQueries({ queryKey: trpc.workflows.list.queryKey() });
      toast.success('Imported', `“${name ?? document.name}” was imported as a draft.`);
      setPending(null);
      onImported(id);
      return null;
    } catch (err) {
      if (errorIssues(err).some((i) => i.path[0] === 'name')) {
        setPending({ document, taken: [...takenNames, name ?? document.name] });
        return `A workflow named “${name ?? document.name}” already exists.`;
      }
      toast.error('Cannot import', errorMessage(err));
      return errorMessage(err);
    }
  };
  const onFile = async (file: File) => {
    let raw: unknown;
    try {
      raw = JSON.parse(await file.text());
    } catch {
      toast.error('Cannot import', `${file.name} is not JSON.`);
      return;
    }
    const parsed = parseDocument(raw);
    if (!parsed.success) {
      const i = parsed.error.issues[0]!;
      toast.error('Cannot import', `${file.name} is not a Baton workflow: ${i.path.join('.') || 'document'}: ${i.message}`);
      return;
    }
    if (takenNames.some((n) => nameKey(n) === nameKey(parsed.data.name))) setPending({ document: parsed.data, taken: takenNames });
    else await send(parsed.data);
  };
  return (
    <>
      <input
        ref={input}
        type="file"
        accept="application/json,.json"
        hidden
        data-testid="import-file"
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) void onFile(f);
        }}
      />
      <Button onClick={() => input.current?.click()} loading={imp.isPending && !pending} data-testid="import-workflow" icon={<UiIcon name="upload" />}>
        Import
      </Button>
      {pending && <ImportNameDialog key={pending.taken.length} document={pending.document} taken={pending.taken} busy={imp.isPending} onCancel={() => setPending(null)} onImport={(name) => send(pending.document, name)} />}
    </>
  );
}

function ImportNameDialog({ document, taken, busy, onCancel, onImport }: { document: WorkflowDocument; taken: string[]; busy: boolean; onCancel: () => void; onImport: (name: string) => Promise<string | null> }) {
  const [name, setName] = useState(() => freeName(document.name, taken));
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    const n = name.trim();
    if (!n) return setError('Give the workflow a name.');
    if (taken.some((t) => nameKey(t) === nameKey(n))) return setError(`A workflow named “${n}” already exists.`);
    setError(await onImport(n));
  };
  return (
    <Dialog
      open
      onClose={onCancel}
      testId="import-name-dialog"
      title="This name is already taken"
      description={
        <>
          A workflow named <span className="font-medium text-slate-700">“{document.name}”</span> already exists. Import this one under another name; the existing workflow stays as it is.
        </>
      }
      footer={
        <>
          <Button onClick={onCancel}>Cancel</Button>
          <Button variant="primary" loading={busy} onClick={() => void submit()} data-testid="confirm-import">
            Import as new workflow
          </Button>
        </>
      }
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <FieldRow label="Name" htmlFor="import-name" error={error}>
          <TextInput
            id="import-name"
            data-testid="import-name"
            value={name}
            maxLength={200}
            aria-invalid={!!error || undefined}
            onFocus={(e) => e.currentTarget.select()}
            onChange={(e) => {
              setName(e.target.value);
              setError(null);
            }}
          />
        </FieldRow>
      </form>
    </Dialog>
  );
}
