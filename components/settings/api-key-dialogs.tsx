'use client';
/**
 * Dialogs of the API keys page: create a key (name → the full key, shown exactly once
 * with a copy button) and revoke one with confirmation.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorIssues, errorMessage, useTRPC } from '@/lib/trpc/client';
import { toast } from '@/components/designer/toast';
import { Button, Dialog, FieldRow, TextInput } from '@/components/designer/ui';
import { UiIcon } from '@/components/designer/ui-icons';
import { CopyButton } from '@/components/designer/copy-button';

/** A key as listed (never the key itself). Times are epoch ms. */
export interface ApiKeyRow {
  id: string;
  name: string;
  start: string;
  createdAt: number;
  lastUsedAt: number | null;
}

function useInvalidateKeys() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });
}

export function CreateApiKeyDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return open ? <CreateBody onClose={onClose} /> : null;
}

function CreateBody({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateKeys();
  const create = useMutation(trpc.apiKeys.create.mutationOptions());
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);

  const submit = async () => {
    if (!name.trim()) return setError('Give the key a name, e.g. where it will be used.');
    setError(null);
    try {
      const k = await create.mutateAsync({ name: name.trim() });
      await invalidate();
      setCreated({ name: k.name, key: k.key });
    } catch (err) {
      setError(errorIssues(err).find((i) => i.path[0] === 'name')?.message ?? errorMessage(err));
    }
  };

  if (created) {
    return (
      <Dialog
        open
        onClose={onClose}
        testId="api-key-created-dialog"
        width="max-w-xl"
        title={`Your new key “${created.name}”`}
        description="Copy it now and store it somewhere safe, e.g. your CI system’s secrets."
        footer={
          <Button variant="primary" onClick={onClose} data-testid="api-key-created-done">
            I have copied it
          </Button>
        }
      >
        <div className="space-y-3">
          <div className="flex items-center gap-2">
            <code
              data-testid="new-api-key-value"
              className="min-w-0 flex-1 rounded-lg border border-slate-200 bg-slate-50 px-3 py-2 font-mono text-[12.5px] break-all text-slate-900 select-all"
            >
              {created.key}
            </code>
            <CopyButton text={created.key} testId="copy-api-key" />
          </div>
          <div className="flex gap-2.5 rounded-lg border border-amber-200 bg-amber-50 p-3 text-[13px] text-amber-900" role="alert">
            <UiIcon name="alert" className="mt-0.5 h-4 w-4 shrink-0 text-amber-700" />
            <p>
              <span className="font-medium">This key will not be shown again.</span> Baton keeps only a hash of it. If you lose it, revoke it and create a new one.
            </p>
          </div>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog
      open
      onClose={onClose}
      testId="api-key-dialog"
      title="New API key"
      description="The key acts as you, with your current roles. Disabling your account stops it."
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" loading={create.isPending} onClick={() => void submit()} data-testid="create-api-key">
            Create key
          </Button>
        </>
      }
    >
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <FieldRow label="Name" htmlFor="api-key-name" error={error} hint="Where it is used, so you know which one to revoke later.">
          <TextInput id="api-key-name" data-testid="api-key-name" value={name} maxLength={64} placeholder="e.g. GitHub Actions deploy" aria-invalid={!!error || undefined} onChange={(e) => setName(e.target.value)} />
        </FieldRow>
      </form>
    </Dialog>
  );
}

export function RevokeApiKeyDialog({ apiKey, onClose }: { apiKey: ApiKeyRow | null; onClose: () => void }) {
  return apiKey ? <RevokeBody key={apiKey.id} apiKey={apiKey} onClose={onClose} /> : null;
}

function RevokeBody({ apiKey, onClose }: { apiKey: ApiKeyRow; onClose: () => void }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateKeys();
  const revoke = useMutation(trpc.apiKeys.revoke.mutationOptions());
  const [error, setError] = useState<string | null>(null);
  const confirm = async () => {
    try {
      await revoke.mutateAsync({ id: apiKey.id });
      await invalidate();
      toast.success('Key revoked', `Requests with “${apiKey.name}” are refused from now on.`);
      onClose();
    } catch (err) {
      setError(errorMessage(err));
      void invalidate();
    }
  };
  return (
    <Dialog
      open
      onClose={onClose}
      testId="revoke-api-key-dialog"
      title={`Revoke “${apiKey.name}”?`}
      footer={
        <>
          <Button onClick={onClose} data-autofocus>
            {error ? 'Close' : 'Cancel'}
          </Button>
          {!error && (
            <Button variant="danger" loading={revoke.isPending} onClick={() => void confirm()} data-testid="confirm-revoke-api-key">
              Revoke key
            </Button>
          )}
        </>
      }
    >
      {error ? (
        <div className="flex gap-2.5 rounded-lg border border-red-200 bg-red-50 p-3 text-[13px] text-red-700" role="alert">
          <UiIcon name="alert" className="mt-0.5 h-4 w-4 shrink-0 text-red-600" />
          <p>{error}</p>
        </div>
      ) : (
        <p className="text-sm text-slate-600">
          Scripts and integrations using <code className="font-mono text-[12.5px] text-slate-800">{apiKey.start}…</code> get “401 Unauthorized” from their next request. This cannot be undone.
        </p>
      )}
    </Dialog>
  );
}
