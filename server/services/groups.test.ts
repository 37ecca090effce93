/**
 * Group management on a fresh SQLite file and a fresh PostgreSQL database: create,
 * rename, members, delete (refused while an open task names the group), the audit
 * entries each change writes, and the tRPC procedures as an admin and as someone
 * without `people.manage`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app';
import { openTestAppOn, publish, type TestAppOn } from '@/tests/helpers/app';
import { DIALECTS } from '@/tests/helpers/backends';
import { addPerson, callerAs } from '@/tests/helpers/callers';
import { doc, edge, node } from '@/tests/helpers/docs';
import { waitFor } from '@/tests/helpers/wait';
import { AppError } from '../errors';

let t: TestAppOn;
let app: App;

describe.each(DIALECTS)('groups on %s', (dialect) => {
  beforeAll(async () => {
    t = await openTestAppOn(dialect, 'groups');
    app = t.app;
    await addPerson(t, 'ada', ['admin']);
    await addPerson(t, 'priya', ['approver']);
    await addPerson(t, 'sam', ['approver']);
    await addPerson(t, 'vic', ['viewer']);
  });
  afterAll(async () => {
    await t.close();
  });

  async function refusal(p: Promise<unknown> | (() => unknown)): Promise<AppError> {
    try {
      await (typeof p === 'function' ? p() : p);
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      return err as AppError;
    }
    throw new Error('expected a refusal');
  }

  const audit = async (targetId: string) => (await app.audit.list({ targetType: 'group', targetId })).reverse();

  describe('GroupService', () => {
    it('creates a group with members and audits it', async () => {
      const g = await app.groups.add({ id: 'finance', name: ' Finance ', description: 'Pays invoices', members: ['sam', 'priya', 'sam'] }, 'ada');
      expect(g).toEqual({ id: 'finance', name: 'Finance', description: 'Pays invoices', members: ['priya', 'sam'] });
      expect(await app.groups.groupsOf('priya')).toEqual(['finance']);
      expect(await audit('finance')).toMatchObject([{ actor: 'ada', action: 'group.create', details: { name: 'Finance', members: ['priya', 'sam'] } }]);
    });

    it('refuses a taken id, a bad slug, a missing name and an unknown member, naming the field', async () => {
      expect(await refusal(() => app.groups.add({ id: 'finance', name: 'Again' }, 'ada'))).toMatchObject({ kind: 'conflict', issues: [{ path: ['id'] }] });
      expect(await refusal(() => app.groups.add({ id: 'Has Space', name: 'X' }, 'ada'))).toMatchObject({ kind: 'invalid', issues: [{ path: ['id'] }] });
      expect(await refusal(() => app.groups.add({ id: 'ops', name: '  ' }, 'ada'))).toMatchObject({ kind: 'invalid', issues: [{ path: ['name'] }] });
      expect(await refusal(() => app.groups.add({ id: 'ops', name: 'Ops', members: ['nobody'] }, 'ada'))).toMatchObject({ kind: 'invalid', issues: [{ path: ['members'] }] });
      expect(await app.groups.get('ops')).toBeNull();
    });

    it('renames and describes; an unchanged save writes no audit entry', async () => {
      const g = await app.groups.update('finance', { name: 'Finance team', description: 'Approves payments' }, 'ada');
      expect(g).toMatchObject({ id: 'finance', name: 'Finance team', description: 'Approves payments' });
      await app.groups.update('finance', { name: 'Finance team' }, 'ada');
      expect((await audit('finance')).map((e) => e.action)).toEqual(['group.create', 'group.update']);
      expect((await audit('finance'))[1].details).toEqual({ name: 'Finance team', description: 'Approves payments' });
    });

    it('adds and removes members relative to the current ones and audits what changed', async () => {
      const g = await app.groups.changeMembers('finance', { add: ['vic', 'priya'], remove: ['sam', 'ada'] }, 'ada');
      expect(g.members).toEqual(['priya', 'vic']);
      expect((await audit('finance')).at(-1)).toMatchObject({ action: 'group.members', details: { added: ['vic'], removed: ['sam'] } });
      const before = (await audit('finance')).length;
      await app.groups.changeMembers('finance', { add: ['vic'] }, 'ada');
      expect(await audit('finance')).toHaveLength(before);
      expect(await refusal(() => app.groups.changeMembers('finance', { add: ['ghost'] }, 'ada'))).toMatchObject({ kind: 'invalid', issues: [{ path: ['add'] }] });
      expect(await refusal(() => app.groups.changeMembers('nope', { add: ['vic'] }, 'ada'))).toMatchObject({ kind: 'not_found' });
    });

    it('refuses to delete a group while an open task names it, then deletes it once the task is done', async () => {
      await app.groups.add({ id: 'reviewers', name: 'Reviewers', members: ['priya'] }, 'ada');
      const wf = await publish(
        app,
        doc(
          'group review',
          [
            node('start', 'manualTrigger'),
            node('review', 'userTask', { title: 'Review', formFields: [], outcomes: [{ id: 'ok', label: 'OK' }], candidateGroups: 'reviewers' }),
            node('done', 'end', {}),
          ],
          [edge('start', 'review'), edge('review', 'done', 'ok')],
        ),
      );
      const { runId } = await app.runs.start({ workflowId: wf, input: {}, startedBy: 'ada' });
      const task = await waitFor(async () => (await app.tasks.list({ status: 'open', runId }))[0]);
      expect(task.candidateGroups).toEqual(['reviewers']);

      const err = await refusal(() => app.groups.remove('reviewers', 'ada'));
      expect(err.kind).toBe('conflict');
      expect(err.message).toContain('1 open task');
      expect(await app.groups.get('reviewers')).not.toBeNull();

      await app.tasks.complete(task.id, { outcome: 'ok', by: 'priya' });
      await waitFor(async () => (await app.tasks.list({ runId })).every((x) => x.status !== 'open'));
      await app.groups.remove('reviewers', 'ada');
      expect(await app.groups.get('reviewers')).toBeNull();
      expect(await app.groups.groupsOf('priya')).not.toContain('reviewers');
      expect((await audit('reviewers')).map((e) => e.action)).toEqual(['group.create', 'group.delete']);
      expect(await refusal(() => app.groups.remove('reviewers', 'ada'))).toMatchObject({ kind: 'not_found' });
    });
  });

  describe('groups router', () => {
    it('lets anyone signed in list groups (also through users.groups)', async () => {
      const viewer = await callerAs(app, 'vic');
      const ids = (await viewer.groups.list()).map((g) => g.id);
      expect(ids).toContain('finance');
      expect((await viewer.users.groups()).map((g) => g.id)).toEqual(ids);
    });

    it('lets an admin manage groups', async () => {
      const admin = await callerAs(app, 'ada');
      await admin.groups.create({ id: 'support', name: 'Support', members: ['sam'] });
      await admin.groups.update({ id: 'support', change: { description: 'Answers customers' } });
      expect(await admin.groups.members({ id: 'support', add: ['vic'], remove: ['sam'] })).toMatchObject({ members: ['vic'], description: 'Answers customers' });
      await admin.groups.delete({ id: 'support' });
      expect((await admin.groups.list()).map((g) => g.id)).not.toContain('support');
    });

    it('maps refusals to tRPC codes with field issues', async () => {
      const admin = await callerAs(app, 'ada');
      await expect(admin.groups.create({ id: 'finance', name: 'Dup' })).rejects.toMatchObject({ code: 'CONFLICT' });
      await expect(admin.groups.create({ id: 'x y', name: 'Bad' })).rejects.toMatchObject({ code: 'UNPROCESSABLE_CONTENT' });
      await expect(admin.groups.delete({ id: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('refuses every group change to someone without people.manage', async () => {
      for (const who of ['priya', 'vic']) {
        const c = await callerAs(app, who);
        await expect(c.groups.create({ id: 'mine', name: 'Mine' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
        await expect(c.groups.update({ id: 'finance', change: { name: 'Hijacked' } })).rejects.toMatchObject({ code: 'FORBIDDEN' });
        await expect(c.groups.members({ id: 'finance', add: [who] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
        await expect(c.groups.delete({ id: 'finance' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      }
      expect(await app.groups.get('finance')).toMatchObject({ name: 'Finance team' });
      expect(await app.groups.get('mine')).toBeNull();
    });
  });
});
