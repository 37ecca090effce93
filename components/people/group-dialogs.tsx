'use client';
/**
 * Dialogs of the Groups section: create a group (id slug, name, description, first
 * members), edit name and description (the id is fixed: workflows refer to it), and
 * delete with confirmation — refused by the server while an open task names the group.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc/client';
import { toast } from '@/components/designer/toast';
import { Button, Dialog, FieldRow, TextArea, TextInput } from '@/components/designer/ui';
import { UiIcon } from '@/components/designer/ui-icons';
import { Avatar } from '@/components/runs/avatar';
import { FormError } from './person-fields';
import { fieldErrors, type GroupRow, type PersonRow } from './types';

/** `Finance (EU)` → `finance-eu`: the id suggested while the admin has not typed one. */
export function slugify(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
}

export function useInvalidateGroups() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  return () => Promise.all([qc.invalidateQueries({ queryKey: trpc.groups.list.queryKey() }), qc.invalidateQueries({ queryKey: trpc.users.groups.queryKey() })]);
}

export function CreateGroupDialog({ open, people, onClose }: { open: boolean; people: PersonRow[]; onClose: () => void }) {
  return open ? <CreateBody people={people} onClose={onClose} /> : null;
}

function CreateBody({ people, onClose }: { people: PersonRow[]; onClose: () => void }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateGroups();
  const create = useMutation(trpc.groups.create.mutationOptions());
  const [name, setName] = useState('');
  const [id, setId] = useState('');
  const [idTouched, setIdTouched] = useState(false);
  const [description, setDescription] = useState('');
  const [members, setMembers] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const effectiveId = idTouched ? id : slugify(name);

  const submit = async () => {
    const local: Record<string, string> = {};
    if (!name.trim()) local.name = 'A name is required.';
    if (!effectiveId) local.id = 'An id is required.';
    if (Object.keys(local).length) return setErrors(local);
    setErrors({});
    setGeneral(null);
    try {
      const g = await create.mutateAsync({ id: effectiveId, name: name.trim(), description: description.trim(), members });
      await invalidate();
      toast.success('Group created', `User tasks can now name “${g.id}” as a candidate group.`);
      onClose();
    } catch (err) {
      const fields = fieldErrors(err);
      setErrors(fields);
      setGeneral(Object.keys(fields).length ? null : errorMessage(err));
    }
  };

  return (
    <Dialog
      open
      onClose={onClose}
      testId="group-dialog"
      width="max-w-lg"
      title="New group"
      description="A team whose members share the tasks a workflow hands to the group."
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" loading={create.isPending} onClick={() => void submit()} data-testid="save-group">
            Create group
          </Button>
        </>
      }
    >
      <form
        className="space-y-4"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className="grid grid-cols-2 gap-3">
          <FieldRow label="Name" htmlFor="group-name" error={errors.name}>
            <TextInput id="group-name" data-testid="group-name" value={name} maxLength={120} placeholder="Finance" aria-invalid={!!errors.name || undefined} onChange={(e) => setName(e.target.value)} />
          </FieldRow>
          <FieldRow label="Id" htmlFor="group-id" error={errors.id}>
            <TextInput
              id="group-id"
              data-testid="group-id"
              value={effectiveId}
              maxLength={64}
              placeholder="finance"
              spellCheck={false}
              className="font-mono"
              aria-invalid={!!errors.id || undefined}
              onChange={(e) => {
                setIdTouched(true);
                setId(e.target.value.toLowerCase());
              }}
            />
          </FieldRow>
        </div>
        <p className="-mt-2 text-xs text-slate-500">
          Workflows name the group by its id in a user task’s <span className="font-medium text-slate-600">candidate groups</span>. Lowercase letters, digits, <code>-</code> and <code>_</code>; it cannot be changed later.
        </p>
        <FieldRow label="Description" htmlFor="group-description" error={errors.description}>
          <TextArea id="group-description" data-testid="group-description" rows={2} maxLength={500} value={description} placeholder="What this team decides" onChange={(e) => setDescription(e.target.value)} />
        </FieldRow>
        <FieldRow label="Members" error={errors.members} hint="You can add and remove members later.">
          <MemberChecklist people={people} value={members} onChange={setMembers} />
        </FieldRow>
        {general && <FormError message={general} />}
        <button type="submit" hidden />
      </form>
    </Dialog>
  );
}

function MemberChecklist({ people, value, onChange }: { people: PersonRow[]; value: string[]; onChange: (ids: string[]) => void }) {
  const enabled = people.filter((p) => !p.disabled);
  if (enabled.length === 0) return <p className="text-[13px] text-slate-500">Nobody to add yet.</p>;
  return (
    <div className="max-h-48 divide-y divide-slate-100 overflow-y-auto rounded-lg border border-slate-200">
      {enabled.map((p) => (
        <label key={p.id} className={`flex cursor-pointer items-center gap-3 px-3 py-2 transition-colors ${value.includes(p.id) ? 'bg-indigo-50/50' : 'hover:bg-slate-50'}`}>
          <input
            type="checkbox"
            data-testid={`group-member-${p.email}`}
            checked={value.includes(p.id)}
            onChange={() => onChange(value.includes(p.id) ? value.filter((x) => x !== p.id) : [...value, p.id])}
            className="h-4 w-4 rounded border-slate-300 accent-indigo-600"
          />
          <Avatar id={p.id} name={p.name} size="sm" />
          <span className="min-w-0 flex-1 truncate text-[13px] text-slate-900">{p.name}</span>
          <span className="truncate text-xs text-slate-500">{p.email}</span>
        </label>
      ))}
    </div>
  );
}

export function EditGroupDialog({ group, onClose }: { group: GroupRow | null; onClose: () => void }) {
  return group ? <EditBody key={group.id} group={group} onClose={onClose} /> : null;
}

function EditBody({ group, onClose }: { group: GroupRow; onClose: () => void }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateGroups();
  const update = useMutation(trpc.groups.update.mutationOptions());
  const [name, setName] = useState(group.name);
  const [description, setDescription] = useState(group.description);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);

  const submit = async () => {
    if (!name.trim()) return setErrors({ name: 'A name is required.' });
    setErrors({});
    setGeneral(null);
    try {
      await update.mutateAsync({ id: group.id, change: { name: name.trim(), description: description.trim() } });
      await invalidate();
      toast.success('Group saved', `“${name.trim()}” was updated.`);
      onClose();
    } catch (err) {
      const fields = fieldErrors(err);
      setErrors(fields);
      setGeneral(Object.keys(fields).length ? null : errorMessage(err));
    }
  };

  return (
    <Dialog
      open
      onClose={onClose}
      testId="group-dialog"
      width="max-w-lg"
      title={`Edit “${group.name}”`}
      description={
        <>
          Id <code className="rounded bg-slate-100 px-1 py-px font-mono text-[12px] text-slate-700">{group.id}</code> stays the same: workflows refer to it.
        </>
      }
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" loading={update.isPending} onClick={() => void submit()} data-testid="save-group">
            Save
          </Button>
        </>
      }
    >
      <form
        className="space-y-4"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <FieldRow label="Name" htmlFor="group-name" error={errors.name}>
          <TextInput id="group-name" data-testid="group-name" value={name} maxLength={120} aria-invalid={!!errors.name || undefined} onChange={(e) => setName(e.target.value)} />
        </FieldRow>
        <FieldRow label="Description" htmlFor="group-description" error={errors.description}>
          <TextArea id="group-description" data-testid="group-description" rows={2} maxLength={500} value={description} onChange={(e) => setDescription(e.target.value)} />
        </FieldRow>
        {general && <FormError message={general} />}
        <button type="submit" hidden />
      </form>
    </Dialog>
  );
}

export function DeleteGroupDialog({ group, onClose }: { group: GroupRow | null; onClose: () => void }) {
  return group ? <DeleteBody key={group.id} group={group} onClose={onClose} /> : null;
}

function DeleteBody({ group, onClose }: { group: GroupRow; onClose: () => void }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateGroups();
  const del = useMutation(trpc.groups.delete.mutationOptions());
  const [refusal, setRefusal] = useState<string | null>(null);
  const confirm = async () => {
    try {
      await del.mutateAsync({ id: group.id });
      await invalidate();
      toast.success('Group deleted', `“${group.name}” was deleted.`);
      onClose();
    } catch (err) {
      setRefusal(errorMessage(err));
    }
  };
  return (
    <Dialog
      open
      onClose={onClose}
      testId="delete-group-dialog"
      title={`Delete “${group.name}”?`}
      footer={
        <>
          <Button onClick={onClose} data-autofocus>
            {refusal ? 'Close' : 'Cancel'}
          </Button>
          {!refusal && (
            <Button variant="danger" loading={del.isPending} onClick={() => void confirm()} data-testid="confirm-delete-group">
              Delete group
            </Button>
          )}
        </>
      }
    >
      <div className="space-y-3 text-sm text-slate-600">
        {refusal ? (
          <div className="flex gap-2.5 rounded-lg border border-amber-200 bg-amber-50 p-3 text-[13px] text-amber-900" data-testid="delete-group-refusal" role="alert">
            <UiIcon name="alert" className="mt-0.5 h-4 w-4 shrink-0 text-amber-700" />
            <p>{refusal}</p>
          </div>
        ) : (
          <>
            <p>
              {group.members.length === 0 ? 'It has no members.' : group.members.length === 1 ? 'Its member keeps their account; only the group goes.' : `Its ${group.members.length} members keep their accounts; only the group goes.`} Baton refuses while an open task still names{' '}
              <code className="font-mono text-[12.5px]">{group.id}</code>.
            </p>
            <p className="text-slate-500">Workflows that name it in a user task will create tasks that no group member can pick up, so update them too.</p>
          </>
        )}
      </div>
    </Dialog>
  );
}
