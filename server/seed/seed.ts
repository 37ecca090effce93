/**
 * First-start seeding: example people (roles, no password), the example workflows, each
 * published as version 1, and the example groups. Runs only on an empty database (no
 * users), so it never touches data a person has created.
 */
import 'server-only';
import { EXAMPLE_USERS, EXAMPLE_WORKFLOWS } from '@/lib/templates/examples';
import { agentTools, supportAgent } from '@/lib/templates/agent-example';
import type { Storage } from '../storage/port';
import type { GroupService } from '../services/groups';
import type { WorkflowService } from '../services/workflows';
import type { WorkflowDocument } from '@/lib/workflow/document';

/** What seeding writes through: the people port, the workflow service (create, publish) and the group service. */
export interface SeedTarget {
  storage: Pick<Storage, 'people'>;
  workflows: WorkflowService;
  groups: GroupService;
}

/**
 * Seeds an empty database: the example people, then the example workflows (with the
 * AI agent example and its two tool workflows), each published as version 1 by `alex`. Returns false (and writes nothing) when any
 * person exists already. `at`: epoch ms of the people's creation.
 */
export async function seedIfEmpty(app: Pick<SeedTarget, 'storage' | 'workflows'>, at = Date.now()): Promise<boolean> {
  if (!(await app.storage.people.seedPeople(EXAMPLE_USERS, at))) return false;
  const publish = async (doc: WorkflowDocument) => {
    const id = await app.workflows.create(doc, 'system');
    await app.workflows.publish(id, 'alex');
    return id;
  };
  for (const doc of EXAMPLE_WORKFLOWS()) await publish(doc);
  // The AI agent example names its tools by id: they are published first.
  const tools = agentTools();
  await publish(supportAgent({ lookup: await publish(tools.lookup), refund: await publish(tools.refund) }));
  return true;
}

/**
 * Everything a first start seeds: {@link seedIfEmpty}, then the example groups when
 * there are none yet and their members exist.
 */
export async function seedApp(app: SeedTarget): Promise<void> {
  await seedIfEmpty(app);
  await app.groups.seedIfEmpty();
}
