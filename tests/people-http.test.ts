/**
 * The People page's error handling against real tRPC HTTP responses: a typed client
 * talks to the tRPC fetch handler in-process with an admin's (or a viewer's) API key,
 * and the page's helpers read the refusals — field issues at `email`/`password`/`id`,
 * the last-admin conflict, FORBIDDEN for non-admins, the 409 of a group still in use.
 * On a fresh SQLite file and on a fresh PostgreSQL database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import type { App } from '@/server/app';
import { appRouter, type AppRouter } from '@/server/api/root';
import { createContext } from '@/server/api/trpc';
import { fieldErrors, isLastAdminConflict, statusOf } from '@/components/people/types';
import { openTestAppOn, publish, type TestAppOn } from './helpers/app';
import { DIALECTS } from './helpers/backends';
import { doc, edge, node } from './helpers/docs';
import { waitFor } from './helpers/wait';
import { addPerson, apiKeyHeaders } from './helpers/callers';

let t: TestAppOn;
let app: App;
let adminId: string;

function client(headers: Record<string, string>) {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: 'http://127.0.0.1/api/trpc',
        headers,
        fetch: (url, init) => fetchRequestHandler({ endpoint: '/api/trpc', req: new Request(url, init as RequestInit), router: appRouter, createContext: ({ req }) => createContext(req) }),
      }),
    ],
  });
}

async function refusal(p: Promise<unknown>): Promise<TRPCClientError<AppRouter>> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(TRPCClientError);
    return err as TRPCClientError<AppRouter>;
  }
  throw new Error('expected a refusal');
}

describe.each(DIALECTS)('people page refusals on %s', (dialect) => {
  beforeAll(async () => {
    t = await openTestAppOn(dialect, 'people-http');
    app = t.app;
    // createContext() resolves the process's app; point it at this test's app.
    (globalThis as unknown as { __batonApp?: App }).__batonApp = app;
    adminId = (await app.users.setupFirstAdmin({ name: 'Ada Admin', email: 'ada@example.test', password: 'correct horse battery' })).id;
    await addPerson(t, 'vic', ['viewer']);
  });
  afterAll(async () => {
    delete (globalThis as unknown as { __batonApp?: App }).__batonApp;
    await t.close();
  });

  describe('People page refusals over HTTP', () => {
    it('field issues land at their field', async () => {
      const admin = client(await apiKeyHeaders(app, adminId));
      const err = await refusal(admin.users.create.mutate({ name: 'Olga', email: 'nope', roles: ['viewer'], password: 'short' }));
      expect(err.data?.code).toBe('UNPROCESSABLE_CONTENT');
      expect(Object.keys(fieldErrors(err)).sort()).toEqual(['email', 'password']);
      const created = await admin.users.create.mutate({ name: 'Olga', email: 'olga@example.test', roles: ['viewer'], password: 'long enough password' });
      expect(statusOf(created)).toBe('active');
      expect(fieldErrors(await refusal(admin.users.create.mutate({ name: 'Olga', email: 'olga@example.test', roles: ['viewer'], password: 'long enough password' })))).toEqual({ email: 'already taken' });
    });

    it('the last admin conflict is recognised as such', async () => {
      const admin = client(await apiKeyHeaders(app, adminId));
      const err = await refusal(admin.users.update.mutate({ id: adminId, change: { disabled: true } }));
      expect(err.data?.httpStatus).toBe(409);
      expect(isLastAdminConflict(err)).toBe(true);
      const other = await refusal(admin.groups.create.mutate({ id: 'Bad Id', name: 'X' }));
      expect(isLastAdminConflict(other)).toBe(false);
      expect(Object.keys(fieldErrors(other))).toEqual(['id']);
    });

    it('a viewer is refused with 403 and the people of a seeded account show "no password yet"', async () => {
      const viewer = client(await apiKeyHeaders(app, 'vic'));
      const err = await refusal(viewer.users.people.query());
      expect(err.data?.httpStatus).toBe(403);
      expect(await refusal(viewer.groups.create.mutate({ id: 'x', name: 'X' }))).toMatchObject({ data: { code: 'FORBIDDEN' } });
      const people = await client(await apiKeyHeaders(app, adminId)).users.people.query();
      expect(statusOf(people.find((p) => p.id === 'vic')!)).toBe('no_password');
    });

    it('a group still named by an open task answers 409 with a message the page shows as is', async () => {
      const admin = client(await apiKeyHeaders(app, adminId));
      await admin.groups.create.mutate({ id: 'finance', name: 'Finance', members: ['vic'] });
      const wf = await publish(
        app,
        doc(
          'pay',
          [
            node('start', 'manualTrigger'),
            node('approve', 'userTask', { title: 'Approve', formFields: [], outcomes: [{ id: 'ok', label: 'OK' }], candidateGroups: 'finance' }),
            node('done', 'end', {}),
          ],
          [edge('start', 'approve'), edge('approve', 'done', 'ok')],
        ),
      );
      const { runId } = await app.runs.start({ workflowId: wf, input: {}, startedBy: adminId });
      await waitFor(async () => (await app.tasks.list({ status: 'open', runId }))[0]);
      const err = await refusal(admin.groups.delete.mutate({ id: 'finance' }));
      expect(err.data?.httpStatus).toBe(409);
      expect(err.message).toBe('“Finance” cannot be deleted: 1 open task names it as a candidate or escalation group. Complete or cancel that task first.');
      await app.runs.cancel(runId, adminId, 'test');
      await waitFor(async () => (await app.tasks.list({ runId })).every((x) => x.status !== 'open'));
      expect(await admin.groups.delete.mutate({ id: 'finance' })).toEqual({ id: 'finance' });
    });
  });
});
