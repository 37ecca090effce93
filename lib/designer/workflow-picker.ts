/**
 * Pure helpers for the workflow picker of the config form (`widget: 'workflow'`,
 * see `lib/nodes/workflow-ref.ts`): which workflows to offer and how to label them.
 */

/** The fields of a `workflows.list` item the picker reads. */
export interface PickableWorkflow {
  id: string;
  name: string;
  latestVersion: number;
  hasUnpublishedChanges?: boolean;
}

export interface WorkflowOption {
  value: string;
  label: string;
  /** Why the current value is not a normal choice (kept so nothing is silently lost). */
  status?: 'missing' | 'self' | 'unpublished' | 'loading';
}

/**
 * Options for the picker: published workflows (latestVersion ≥ 1) other than `selfId`,
 * sorted by name, labelled "Name · v3" (with the id when names repeat). A non-empty
 * `current` value that is not among them is kept as the first option: "(missing) <id>"
 * when the list does not know it, or a note why it is not offered. `list` undefined =
 * still loading: only the current value is offered, labelled by its id.
 */
export function workflowOptions(list: readonly PickableWorkflow[] | undefined, current: string, selfId: string | null): WorkflowOption[] {
  const value = current.trim();
  if (!list) return value ? [{ value: current, label: value, status: 'loading' }] : [];
  const pickable = list.filter((w) => w.latestVersion >= 1 && w.id !== selfId).sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  const nameCount = new Map<string, number>();
  for (const w of pickable) nameCount.set(w.name, (nameCount.get(w.name) ?? 0) + 1);
  const options: WorkflowOption[] = pickable.map((w) => ({ value: w.id, label: `${(nameCount.get(w.name) ?? 0) > 1 ? `${w.name} (${w.id})` : w.name} · v${w.latestVersion}` }));
  if (value && !pickable.some((w) => w.id === value)) {
    const known = list.find((w) => w.id === value);
    const option: WorkflowOption = !known
      ? { value: current, label: `(missing) ${value}`, status: 'missing' }
      : known.id === selfId
        ? { value: current, label: `(this workflow) ${known.name}`, status: 'self' }
        : { value: current, label: `(unpublished) ${known.name}`, status: 'unpublished' };
    options.unshift(option);
  }
  return options;
}

/** The latest published version of workflow `id`, or null when unknown or never published. */
export function latestVersionOf(list: readonly PickableWorkflow[] | undefined, id: unknown): number | null {
  if (!list || typeof id !== 'string' || !id.trim()) return null;
  const w = list.find((x) => x.id === id.trim());
  return w && w.latestVersion >= 1 ? w.latestVersion : null;
}
