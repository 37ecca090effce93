/**
 * Creating a workflow from a template of the gallery (`lib/templates`): the template's
 * document under the name the person chose (unique among workflows), audited as
 * `workflow.create` with the template's id. Templates whose user tasks name groups
 * (the on-call group an incident escalates to) need those groups to exist before they
 * can be published: a person who may manage people gets any missing group created from
 * the example groups (`group.create`, audited; with the example members that exist);
 * anyone else is told which are missing.
 */
import 'server-only';
import { buildTemplate, templateGroups } from '@/lib/templates';
import { AppError } from '../errors';
import { EXAMPLE_GROUPS, type GroupService } from './groups';
import type { UserService } from './users';
import type { WorkflowService } from './workflows';

export interface FromTemplate {
  id: string;
  name: string;
  /** Groups the workflow names that do not exist (it cannot be published until they do). */
  missingGroups: string[];
  /** Groups created for it. */
  createdGroups: string[];
}

/**
 * Creates a workflow from template `template` named `name` (default: the template's own name).
 * Resolves when the workflow (and any group created for it) is stored.
 * @throws AppError('not_found') naming the field `template` for an unknown id;
 *   AppError('conflict') naming `name` when another workflow has that name.
 */
export async function createFromTemplate(
  deps: { workflows: WorkflowService; groups: GroupService; users: Pick<UserService, 'get'> },
  input: { template: string; name?: string },
  by: { id: string; mayManageGroups: boolean },
): Promise<FromTemplate> {
  const doc = buildTemplate(input.template);
  if (!doc) throw new AppError('not_found', `no template "${input.template}"`, [{ path: ['template'], message: 'no such template' }]);
  const name = input.name?.trim() || doc.name;
  const id = await deps.workflows.create(doc, by.id, 'workflow.create', { uniqueName: true, name, template: input.template });
  const missing: string[] = [];
  for (const g of templateGroups(input.template)) if (!(await deps.groups.get(g))) missing.push(g);
  const created: string[] = [];
  if (by.mayManageGroups) {
    for (const g of missing) {
      const example = EXAMPLE_GROUPS.find((x) => x.id === g);
      if (!example) continue;
      const members: string[] = [];
      for (const m of example.members) if (await deps.users.get(m)) members.push(m);
      await deps.groups.add({ ...example, members }, by.id);
      created.push(g);
    }
  }
  return { id, name, missingGroups: missing.filter((g) => !created.includes(g)), createdGroups: created };
}
