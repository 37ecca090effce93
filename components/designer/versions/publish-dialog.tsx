'use client';
/**
 * The Publish dialog: what the new version changes against the latest published one
 * (summary and the changed nodes), a note for the version history, then Publish
 * (which saves the draft first).
 */
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTRPC } from '@/lib/trpc/client';
import { designerStore } from '@/lib/designer/store';
import { plural } from '@/lib/designer/format';
import { diffDocuments } from '@/lib/designer/version-diff';
import { MAX_VERSION_NOTE } from '@/lib/workflow/version-limits';
import { DiffNodeList, DiffSummaryChips, FieldChanges } from './diff-list';
import { Button, Dialog, FieldRow, TextArea } from '../ui';
import { Spinner, UiIcon } from '../ui-icons';

interface Props {
  open: boolean;
  onClose: () => void;
  workflowId: string;
  latestVersion: number;
  /** Saves and publishes with the note; resolves to the new version, or null when it failed (the error is shown elsewhere). */
  onPublish: (note: string) => Promise<number | null>;
}

export function PublishDialog(props: Props) {
  // Mounted only while open: the note and the compared draft start fresh each time.
  if (!props.open) return null;
  return <PublishDialogBody {...props} />;
}

function PublishDialogBody({ onClose, workflowId, latestVersion, onPublish }: Props) {
  const trpc = useTRPC();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const draft = useMemo(() => designerStore.getState().document(), []);
  const latest = useQuery({ ...trpc.workflows.version.queryOptions({ id: workflowId, version: Math.max(1, latestVersion) }), enabled: latestVersion > 0, staleTime: Infinity });
  const diff = useMemo(() => (latest.data ? diffDocuments(latest.data, draft) : undefined), [latest.data, draft]);
  const next = latestVersion + 1;

  const submit = async () => {
    setBusy(true);
    try {
      if ((await onPublish(note)) !== null) onClose();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      onClose={onClose}
      width="max-w-xl"
      testId="publish-dialog"
      title={`Publish v${next}`}
      description="New runs, schedules and webhooks use the published version. Runs already started keep theirs."
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="primary" onClick={() => void submit()} loading={busy} disabled={note.length > MAX_VERSION_NOTE} data-testid="confirm-publish" icon={<UiIcon name="upload" className="h-3.5 w-3.5" />}>
            Publish v{next}
          </Button>
        </>
      }
    >
      <div className="space-y-4">
        <div data-testid="publish-diff">
          <p className="mb-2 text-[13px] font-medium text-slate-700">{latestVersion > 0 ? `Changes since v${latestVersion}` : 'First version'}</p>
          {latestVersion === 0 ? (
            <p className="text-[13px] text-slate-500">This publishes the draft as version 1 ({plural(draft.nodes.length, 'node')}).</p>
          ) : latest.isError ? (
            <p className="text-[13px] text-red-700">Could not load v{latestVersion} to compare.</p>
          ) : !diff ? (
            <p className="flex items-center gap-2 text-[13px] text-slate-500">
              <Spinner className="h-4 w-4" /> Comparing…
            </p>
          ) : (
            <div className="space-y-3">
              <DiffSummaryChips diff={diff} />
              {diff.identical ? (
                <p className="text-[13px] text-slate-500">The document is the same as v{latestVersion}.</p>
              ) : (
                <div className="max-h-64 overflow-y-auto">
                  <DiffNodeList diff={diff} max={12} />
                  {diff.document.length > 0 && (
                    <div className="mt-3">
                      <FieldChanges changes={diff.document} testId="publish-document-changes" />
                    </div>
                  )}
                </div>
              )}
            </div>
          )}
        </div>
        <FieldRow
          label="Note"
          htmlFor="publish-note"
          hint={`Optional. Shown in the version history (${note.length}/${MAX_VERSION_NOTE}).`}
          error={note.length > MAX_VERSION_NOTE ? `At most ${MAX_VERSION_NOTE} characters` : undefined}
        >
          <TextArea
            id="publish-note"
            data-testid="publish-note"
            data-autofocus
            rows={3}
            value={note}
            placeholder="What changed, e.g. “Escalate unpaid invoices after 3 days”"
            onChange={(e) => setNote(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) void submit();
            }}
          />
        </FieldRow>
      </div>
    </Dialog>
  );
}
