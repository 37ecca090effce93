'use client';
/**
 * Dialogs of the People page: add a person (name, email, roles, initial password),
 * edit name and roles, set a password, disable or enable. Field refusals from the
 * server (issues on `name`, `email`, `roles`, `password`) are shown at the field; the
 * "last admin" conflict gets its own notice.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type ReactNode } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc/client';
import type { Role } from '@/lib/auth/roles';
import { toast } from '@/components/designer/toast';
import { Button, Dialog, FieldRow, TextInput } from '@/components/designer/ui';
import { useSession } from '@/components/auth/session';
import { CopyButton } from '@/components/designer/copy-button';
import { FormError, LastAdminNotice, PasswordField, RoleCheckboxes } from './person-fields';
import { fieldErrors, isLastAdminConflict, type PersonRow } from './types';

const MIN_PASSWORD = 10;

function useInvalidatePeople() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  return () =>
    Promise.all([qc.invalidateQueries({ queryKey: trpc.users.people.queryKey() }), qc.invalidateQueries({ queryKey: trpc.users.list.queryKey() })]);
}

/** Error state of a form: per-field messages, the last-admin flag, and a message for the rest. */
function useFormErrors() {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [lastAdmin, setLastAdmin] = useState(false);
  const [general, setGeneral] = useState<string | null>(null);
  return {
    errors,
    lastAdmin,
    general,
    set: setErrors,
    clear() {
      setErrors({});
      setLastAdmin(false);
      setGeneral(null);
    },
    from(err: unknown) {
      const last = isLastAdminConflict(err);
      const fields = last ? {} : fieldErrors(err);
      setLastAdmin(last);
      setErrors(fields);
      setGeneral(last || Object.keys(fields).length ? null : errorMessage(err));
    },
  };
}

function Form({ onSubmit, children }: { onSubmit: () => void; children: ReactNode }) {
  return (
    <form
      className="space-y-4"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      {children}
      {/* Enter in a field submits. */}
      <button type="submit" hidden />
    </form>
  );
}

export function AddPersonDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return open ? <AddBody onClose={onClose} /> : null;
}

function AddBody({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const invalidate = useInvalidatePeople();
  const create = useMutation(trpc.users.create.mutationOptions());
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [roles, setRoles] = useState<Role[]>(['viewer']);
  const [password, setPassword] = useState('');
  const [created, setCreated] = useState<{ name: string; email: string } | null>(null);
  const f = useFormErrors();

  const submit = async () => {
    const local: Record<string, string> = {};
    if (!name.trim()) local.name = 'A name is required.';
    if (!/^\S+@\S+\.\S+$/.test(email.trim())) local.email = 'Enter an email address, e.g. olga@example.com.';
    if (roles.length === 0) local.roles = 'Choose at least one role.';
    if (password.length < MIN_PASSWORD) local.password = `At least ${MIN_PASSWORD} characters — or press Generate.`;
    if (Object.keys(local).length) return f.set(local);
    f.clear();
    try {
      const p = await create.mutateAsync({ name: name.trim(), email: email.trim(), roles, password });
      await invalidate();
      setCreated({ name: p.name, email: p.email });
    } catch (err) {
      f.from(err);
    }
  };

  if (created) {
    const origin = typeof window === 'undefined' ? '' : window.location.origin;
    const details = `Sign in to Baton at ${origin}/sign-in\nEmail: ${created.email}\nPassword: ${password}`;
    return (
      <Dialog
        open
        onClose={onClose}
        testId="person-created-dialog"
        width="max-w-lg"
        title={`${created.name} can sign in`}
        description="Hand these details over in a safe way. Baton stores only a hash of the password; it cannot show it again."
        footer={
          <Button variant="primary" onClick={onClose} data-autofocus data-testid="person-created-done">
            Done
          </Button>
        }
      >
        <div className="space-y-3">
          <pre className="overflow-x-auto rounded-lg border border-slate-200 bg-slate-50 px-3 py-2.5 font-mono text-[12.5px] leading-relaxed whitespace-pre-wrap text-slate-800" data-testid="person-created-details">
            {details}
          </pre>
          <div className="flex justify-end">
            <CopyButton text={details} label="Copy sign-in details" testId="copy-sign-in-details" />
          </div>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog
      open
      onClose={onClose}
      testId="person-dialog"
      width="max-w-lg"
      title="Add person"
      description="They sign in with this email and the password you set here."
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" loading={create.isPending} onClick={() => void submit()} data-testid="save-person">
            Add person
          </Button>
        </>
      }
    >
      <Form onSubmit={() => void submit()}>
        <div className="grid grid-cols-2 gap-3">
          <FieldRow label="Name" htmlFor="person-name" error={f.errors.name}>
            <TextInput id="person-name" data-testid="person-name" value={name} maxLength={120} autoComplete="off" placeholder="Olga Petrova" aria-invalid={!!f.errors.name || undefined} onChange={(e) => setName(e.target.value)} />
          </FieldRow>
          <FieldRow label="Email" htmlFor="person-email" error={f.errors.email === 'already taken' ? 'Someone with this email is already here: find them in the list to set a password or change roles.' : f.errors.email}>
            <TextInput id="person-email" data-testid="person-email" type="email" value={email} maxLength={320} autoComplete="off" placeholder="olga@example.com" aria-invalid={!!f.errors.email || undefined} onChange={(e) => setEmail(e.target.value)} />
          </FieldRow>
        </div>
        <FieldRow label="Roles" error={f.errors.roles} hint="A person may do what any of their roles allows.">
          <RoleCheckboxes value={roles} onChange={setRoles} invalid={!!f.errors.roles} />
        </FieldRow>
        <FieldRow label="Initial password" htmlFor="person-password" error={f.errors.password} hint={`At least ${MIN_PASSWORD} characters. Generate one and hand it over; they cannot reset it themselves yet.`}>
          <PasswordField id="person-password" value={password} onChange={setPassword} invalid={!!f.errors.password} />
        </FieldRow>
        {f.general && <FormError message={f.general} />}
      </Form>
    </Dialog>
  );
}

export function EditPersonDialog({ person, onClose }: { person: PersonRow | null; onClose: () => void }) {
  return person ? <EditBody key={person.id} person={person} onClose={onClose} /> : null;
}

function EditBody({ person, onClose }: { person: PersonRow; onClose: () => void }) {
  const trpc = useTRPC();
  const { user } = useSession();
  const invalidate = useInvalidatePeople();
  const update = useMutation(trpc.users.update.mutationOptions());
  const router = useRouter();
  const [name, setName] = useState(person.name);
  const [roles, setRoles] = useState<Role[]>(person.roles);
  const f = useFormErrors();
  const self = person.id === user.id;
  const droppingOwnAdmin = self && person.roles.includes('admin') && !roles.includes('admin');

  const submit = async () => {
    const local: Record<string, string> = {};
    if (!name.trim()) local.name = 'A name is required.';
    if (roles.length === 0) local.roles = 'Choose at least one role.';
    if (Object.keys(local).length) return f.set(local);
    f.clear();
    try {
      await update.mutateAsync({ id: person.id, change: { name: name.trim(), roles } });
      await invalidate();
      toast.success('Changes saved', `${name.trim()}’s name and roles were updated.`);
      if (droppingOwnAdmin) return window.location.assign('/workflows');
      // Your own roles changed: the server layout hands the session its new roles (navigation, buttons).
      if (self) router.refresh();
      onClose();
    } catch (err) {
      f.from(err);
    }
  };

  return (
    <Dialog
      open
      onClose={onClose}
      testId="person-dialog"
      width="max-w-lg"
      title={`Edit ${person.name}`}
      description={person.email}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" loading={update.isPending} onClick={() => void submit()} data-testid="save-person">
            Save changes
          </Button>
        </>
      }
    >
      <Form onSubmit={() => void submit()}>
        <FieldRow label="Name" htmlFor="person-name" error={f.errors.name}>
          <TextInput id="person-name" data-testid="person-name" value={name} maxLength={120} aria-invalid={!!f.errors.name || undefined} onChange={(e) => setName(e.target.value)} />
        </FieldRow>
        <FieldRow label="Roles" error={f.errors.roles} hint="Changes apply to their next request, including requests with their API keys.">
          <RoleCheckboxes value={roles} onChange={setRoles} invalid={!!f.errors.roles || f.lastAdmin} />
        </FieldRow>
        {droppingOwnAdmin && !f.lastAdmin && (
          <p className="rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-[13px] text-amber-900">You are removing your own admin role: you will lose access to this page once you save.</p>
        )}
        {f.lastAdmin && <LastAdminNotice />}
        {f.general && <FormError message={f.general} />}
      </Form>
    </Dialog>
  );
}

export function SetPasswordDialog({ person, onClose }: { person: PersonRow | null; onClose: () => void }) {
  return person ? <PasswordBody key={person.id} person={person} onClose={onClose} /> : null;
}

function PasswordBody({ person, onClose }: { person: PersonRow; onClose: () => void }) {
  const trpc = useTRPC();
  const { user } = useSession();
  const invalidate = useInvalidatePeople();
  const set = useMutation(trpc.users.setPassword.mutationOptions());
  const [password, setPassword] = useState('');
  const f = useFormErrors();
  const first = !person.canSignIn;

  const submit = async () => {
    if (password.length < MIN_PASSWORD) return f.set({ password: `At least ${MIN_PASSWORD} characters — or press Generate.` });
    f.clear();
    try {
      await set.mutateAsync({ id: person.id, password });
      await invalidate();
      toast.success(first ? 'Password set' : 'Password changed', first ? `${person.name} can sign in now.` : person.id === user.id ? 'Use it the next time you sign in.' : `${person.name} was signed out everywhere and signs in with the new password.`);
      onClose();
    } catch (err) {
      f.from(err);
    }
  };

  return (
    <Dialog
      open
      onClose={onClose}
      testId="password-dialog"
      width="max-w-lg"
      title={first ? `Set a password for ${person.name}` : `Change ${person.name}’s password`}
      description={first ? `${person.email} cannot sign in until they have a password.` : `${person.email} is signed out of every browser and signs in again with the new password. Their API keys keep working.`}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" loading={set.isPending} onClick={() => void submit()} data-testid="save-password">
            {first ? 'Set password' : 'Change password'}
          </Button>
        </>
      }
    >
      <Form onSubmit={() => void submit()}>
        <FieldRow label="New password" htmlFor="new-password" error={f.errors.password} hint={`At least ${MIN_PASSWORD} characters. Copy it before you save: Baton stores only a hash.`}>
          <PasswordField id="new-password" value={password} onChange={setPassword} invalid={!!f.errors.password} />
        </FieldRow>
        {f.general && <FormError message={f.general} />}
      </Form>
    </Dialog>
  );
}

/** Disable (or enable) with confirmation. */
export function ToggleDisabledDialog({ person, onClose }: { person: PersonRow | null; onClose: () => void }) {
  return person ? <ToggleBody key={person.id} person={person} onClose={onClose} /> : null;
}

function ToggleBody({ person, onClose }: { person: PersonRow; onClose: () => void }) {
  const trpc = useTRPC();
  const { user } = useSession();
  const invalidate = useInvalidatePeople();
  const update = useMutation(trpc.users.update.mutationOptions());
  const f = useFormErrors();
  const disabling = !person.disabled;
  const self = person.id === user.id;

  const confirm = async () => {
    f.clear();
    try {
      await update.mutateAsync({ id: person.id, change: { disabled: disabling } });
      await invalidate();
      toast.success(disabling ? 'Person disabled' : 'Person enabled', disabling ? `${person.name} was signed out and their API keys stopped working.` : `${person.name} can sign in again${person.canSignIn ? '' : ' once they have a password'}.`);
      if (disabling && self) window.location.assign('/sign-in');
      else onClose();
    } catch (err) {
      f.from(err);
    }
  };
  const refused = f.lastAdmin || !!f.general;

  return (
    <Dialog
      open
      onClose={onClose}
      testId="toggle-person-dialog"
      title={disabling ? `Disable ${person.name}?` : `Enable ${person.name}?`}
      footer={
        <>
          <Button onClick={onClose} data-autofocus>
            {refused ? 'Close' : 'Cancel'}
          </Button>
          {!refused && (
            <Button variant={disabling ? 'danger' : 'primary'} loading={update.isPending} onClick={() => void confirm()} data-testid="confirm-toggle-person">
              {disabling ? 'Disable' : 'Enable'}
            </Button>
          )}
        </>
      }
    >
      <div className="space-y-3 text-sm text-slate-600">
        {f.lastAdmin ? (
          <LastAdminNotice />
        ) : f.general ? (
          <FormError message={f.general} />
        ) : disabling ? (
          <>
            <p>
              {self ? 'You' : person.name} will be signed out of every browser at once, and every API key {self ? 'you hold' : 'they hold'} stops working. Their tasks, runs and audit entries stay as they are.
            </p>
            {self && <p className="font-medium text-amber-800">This is your own account: you will be signed out right away.</p>}
            <p className="text-slate-500">You can enable {self ? 'it' : 'them'} again later.</p>
          </>
        ) : (
          <p>
            {person.name} can sign in again with their password{person.canSignIn ? '' : ' (they have none yet: set one after enabling)'}, and their API keys work again.
          </p>
        )}
      </div>
    </Dialog>
  );
}
