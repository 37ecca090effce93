'use client';
/** Why publishing or running is refused: the first error problems, each clickable. */
import type { Problem } from '@/lib/workflow/validate';
import { plural } from '@/lib/designer/format';
import { ProblemsList } from './problems-list';
import { Button, Dialog } from './ui';

export function BlockingProblems({ problems, action, onSelect }: { problems: readonly Problem[]; action: 'publish' | 'run'; onSelect: (p: Problem) => void }) {
  const errors = problems.filter((p) => p.severity === 'error');
  return (
    <div className="rounded-lg bg-red-50/70 p-3 ring-1 ring-red-100 ring-inset" data-testid="blocking-problems">
      <p className="px-2 text-[13px] font-medium text-red-800">
        {action === 'publish' ? 'Publishing' : 'Running'} is blocked by {plural(errors.length, 'problem')}. Fix {errors.length === 1 ? 'it' : 'them'} first:
      </p>
      <div className="mt-1.5">
        <ProblemsList problems={errors} onSelect={onSelect} limit={4} />
      </div>
    </div>
  );
}

export function BlockedDialog({ action, problems, onClose, onSelect }: { action: 'publish' | 'run' | null; problems: readonly Problem[]; onClose: () => void; onSelect: (p: Problem) => void }) {
  return (
    <Dialog
      open={action !== null}
      onClose={onClose}
      testId="blocked-dialog"
      width="max-w-lg"
      title={action === 'run' ? 'This workflow cannot run yet' : 'This workflow cannot be published yet'}
      description="A published version must be complete: every node configured and connected."
      footer={
        <Button variant="secondary" onClick={onClose}>
          Close
        </Button>
      }
    >
      {action && (
        <BlockingProblems
          problems={problems}
          action={action}
          onSelect={(p) => {
            onClose();
            onSelect(p);
          }}
        />
      )}
    </Dialog>
  );
}
