'use client';
/**
 * Dialogs of the Credentials page: create, edit (rename / rotate secrets) and delete.
 * Secrets are typed here and sent once; the server never sends them back, so an edit
 * form shows secret fields empty ("unchanged") and only a typed value replaces them.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorIssues, errorMessage, useTRPC } from '@/lib/trpc/client';
import { CREDENTIAL_TYPE_SPECS, credentialTypeSpec, type CredentialType } from '@/lib/credentials/types';
import { toast } from '@/components/designer/toast';
import { Button, Dialog, FieldRow, TextInput } from '@/components/designer/ui';
import { UiIcon } from '@/components/designer/ui-icons';

/** What the page knows of a credential (never a secret). */
export interface CredentialRow {
  id: string;
  name: string;
  type: CredentialType;
  fields: Record<string, string>;
  usedBy: { workflowId: string; workflowName: string; version: 'draft' | number; nodeIds: string[] }[];
}

function useInvalidate() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: trpc.credentials.list.queryKey() });
}

/** Field errors from a server refusal: `name` and `data.<key>` paths. */
function fieldErrors(err: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of errorIssues(err)) {
    const key = i.path[0] === 'data' ? String(i.path[1]) : String(i.path[0] ?? '');
    out[key] ??= i.message;
  }
  return out;
}

function SecretInput({ id, value, onChange, placeholder, invalid, testId }: { id: string; value: string; onChange: (v: string) => void; placeholder?: string; invalid: boolean; testId: string }) {
  const [shown, setShown] = useState(false);
  return (
    <div className="relative">
      <TextInput
        id={id}
        data-testid={testId}
        type={shown ? 'text' : 'password'}
        autoComplete="new-password"
        spellCheck={false}
        value={value}
        placeholder={placeholder}
        aria-invalid={invalid || undefined}
        className="pr-14 font-mono"
        onChange={(e) => onChange(e.target.value)}
      />
      <button type="button" onClick={() => setShown((s) => !s)} className="absolute top-1/2 right-2 -translate-y-1/2 rounded px-1.5 text-[11px] font-medium text-slate-500 hover:text-slate-800">
        {shown ? 'Hide' : 'Show'}
      </button>
    </div>
  );
}

/** The fields of one credential type. `editing`: secret fields start empty and mean "keep". */
function TypeFields({ type, values, errors, editing, onChange }: { type: CredentialType; values: Record<string, string>; errors: Record<string, string>; editing: boolean; onChange: (key: string, v: string) => void }) {
  return (
    <>
      {credentialTypeSpec(type).fields.map((f) => {
        const id = `credential-${f.key}`;
        const hint = f.secret ? (editing ? 'Leave empty to keep the stored value; type a new one to rotate it everywhere it is used.' : 'Encrypted at rest; never shown again.') : f.defaultValue ? `Default: ${f.defaultValue}` : undefined;
        return (
          <FieldRow key={f.key} label={f.label} htmlFor={id} error={errors[f.key]} hint={hint}>
            {f.secret ? (
              <SecretInput id={id} testId={`credential-field-${f.key}`} value={values[f.key] ?? ''} invalid={!!errors[f.key]} placeholder={editing ? '•••••••• unchanged' : f.placeholder} onChange={(v) => onChange(f.key, v)} />
            ) : (
              <TextInput id={id} data-testid={`credential-field-${f.key}`} value={values[f.key] ?? ''} placeholder={f.placeholder} aria-invalid={!!errors[f.key] || undefined} onChange={(e) => onChange(f.key, e.target.value)} />
            )}
          </FieldRow>
        );
      })}
    </>
  );
}

export function CreateCredentialDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return open ? <CreateBody onClose={onClose} /> : null;
}

function CreateBody({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const invalidate = useInvalidate();
  const create = useMutation(trpc.credentials.create.mutationOptions());
  const [type, setType] = useState<CredentialType>('bearer');
  const [name, setName] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    if (!name.trim()) return setErrors({ name: 'Give the credential a name.' });
    try {
      await create.mutateAsync({ name: name.trim(), type, data: values });
      await invalidate();
      toast.success('Credential saved', `“${name.trim()}” can now be chosen in node settings.`);
      onClose();
    } catch (err) {
      setErrors(fieldErrors(err));
      setError(errorMessage(err));
    }
  };
  return (
    <Dialog
      open
      onClose={onClose}
      testId="credential-dialog"
      width="max-w-lg"
      title="New credential"
      description="Nodes refer to it by name; the secret stays on the server."
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" loading={create.isPending} onClick={() => void submit()} data-testid="save-credential">
            Save credential
          </Button>
        </>
      }
    >
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <FieldRow label="Name" htmlFor="credential-name" error={errors.name}>
          <TextInput id="credential-name" data-testid="credential-name" value={name} maxLength={100} placeholder="e.g. Billing API (production)" aria-invalid={!!errors.name || undefined} onChange={(e) => setName(e.target.value)} />
        </FieldRow>
        <fieldset>
          <legend className="mb-1.5 text-[13px] font-medium text-slate-700">Type</legend>
          <div className="grid grid-cols-2 gap-2" role="radiogroup">
            {CREDENTIAL_TYPE_SPECS.map((s) => (
              <button
                key={s.type}
                type="button"
                role="radio"
                aria-checked={type === s.type}
                data-testid={`credential-type-${s.type}`}
                onClick={() => {
                  setType(s.type);
                  setValues({});
                  setErrors({});
                }}
                className={`rounded-lg border px-3 py-2 text-left transition-colors ${type === s.type ? 'border-indigo-500 bg-indigo-50/60 ring-1 ring-indigo-500' : 'border-slate-200 hover:border-slate-300 hover:bg-slate-50'}`}
              >
                <span className="block text-[13px] font-medium text-slate-900">{s.label}</span>
                <span className="mt-0.5 block text-[11.5px] leading-snug text-slate-600">{s.description}</span>
              </button>
            ))}
          </div>
        </fieldset>
        <TypeFields type={type} values={values} errors={errors} editing={false} onChange={(k, v) => setValues((x) => ({ ...x, [k]: v }))} />
        {error && Object.keys(errors).length === 0 && <p className="text-[13px] text-red-600">{error}</p>}
      </form>
    </Dialog>
  );
}

export function EditCredentialDialog({ credential, onClose }: { credential: CredentialRow | null; onClose: () => void }) {
  return credential ? <EditBody key={credential.id} credential={credential} onClose={onClose} /> : null;
}

function EditBody({ credential, onClose }: { credential: CredentialRow; onClose: () => void }) {
  const trpc = useTRPC();
  const invalidate = useInvalidate();
  const update = useMutation(trpc.credentials.update.mutationOptions());
  const spec = credentialTypeSpec(credential.type);
  const [name, setName] = useState(credential.name);
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(spec.fields.filter((f) => !f.secret).map((f) => [f.key, credential.fields[f.key] ?? ''])));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const rotating = spec.fields.some((f) => f.secret && (values[f.key] ?? '') !== '');
  const submit = async () => {
    if (!name.trim()) return setErrors({ name: 'The name cannot be empty.' });
    try {
      await update.mutateAsync({ id: credential.id, name: name.trim(), data: values });
      await invalidate();
      toast.success(rotating ? 'Secret rotated' : 'Credential saved', rotating ? `Every node using “${name.trim()}” sends the new value from its next attempt.` : `“${name.trim()}” was updated.`);
      onClose();
    } catch (err) {
      setErrors(fieldErrors(err));
      setError(errorMessage(err));
    }
  };
  return (
    <Dialog
      open
      onClose={onClose}
      testId="credential-dialog"
      width="max-w-lg"
      title={`Edit “${credential.name}”`}
      description={`${spec.label}. Type a new secret to rotate it; nodes keep referring to this credential.`}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" loading={update.isPending} onClick={() => void submit()} data-testid="save-credential">
            {rotating ? 'Rotate secret' : 'Save'}
          </Button>
        </>
      }
    >
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <FieldRow label="Name" htmlFor="credential-name" error={errors.name}>
          <TextInput id="credential-name" data-testid="credential-name" value={name} maxLength={100} aria-invalid={!!errors.name || undefined} onChange={(e) => setName(e.target.value)} />
        </FieldRow>
        <TypeFields type={credential.type} values={values} errors={errors} editing onChange={(k, v) => setValues((x) => ({ ...x, [k]: v }))} />
        {error && Object.keys(errors).length === 0 && <p className="text-[13px] text-red-600">{error}</p>}
      </form>
    </Dialog>
  );
}

export function DeleteCredentialDialog({ credential, onClose }: { credential: CredentialRow | null; onClose: () => void }) {
  return credential ? <DeleteBody key={credential.id} credential={credential} onClose={onClose} /> : null;
}

function DeleteBody({ credential, onClose }: { credential: CredentialRow; onClose: () => void }) {
  const trpc = useTRPC();
  const invalidate = useInvalidate();
  const del = useMutation(trpc.credentials.delete.mutationOptions());
  const [refusal, setRefusal] = useState<string | null>(null);
  const confirm = async () => {
    try {
      await del.mutateAsync({ id: credential.id });
      await invalidate();
      toast.success('Credential deleted', `“${credential.name}” was deleted.`);
      onClose();
    } catch (err) {
      setRefusal(errorMessage(err));
      void invalidate();
    }
  };
  return (
    <Dialog
      open
      onClose={onClose}
      testId="delete-credential-dialog"
      title={`Delete “${credential.name}”?`}
      footer={
        <>
          <Button onClick={onClose} data-autofocus>
            {refusal ? 'Close' : 'Cancel'}
          </Button>
          {!refusal && (
            <Button variant="danger" loading={del.isPending} onClick={() => void confirm()} data-testid="confirm-delete-credential">
              Delete credential
            </Button>
          )}
        </>
      }
    >
      <div className="space-y-3 text-sm text-slate-600">
        {refusal ? (
          <div className="flex gap-2.5 rounded-lg border border-amber-200 bg-amber-50 p-3 text-[13px] text-amber-900" data-testid="delete-refusal" role="alert">
            <UiIcon name="alert" className="mt-0.5 h-4 w-4 shrink-0 text-amber-700" />
            <p>{refusal}</p>
          </div>
        ) : (
          <p>The secret is erased for good. Workflows that still used it would fail, so Baton refuses while any draft or published version refers to it.</p>
        )}
      </div>
    </Dialog>
  );
}
