/** `GET /api/v1/credentials` (list, secrets masked) and `POST /api/v1/credentials` (store one). */
import { handler, json, methodNotAllowed, parseWith, readJson } from '@/server/rest/handler';
import { CreateCredentialRequestSchema } from '@/server/rest/credential-schemas';
import { credentialBody, credentialView, listCredentialViews } from '@/server/credentials/view';

export const dynamic = 'force-dynamic';

export const GET = handler('credential.manage', async (_req, { app }) => json((await listCredentialViews(app.credentials)).map(credentialBody)));

export const POST = handler('credential.manage', async (req, { app, user }) => {
  const body = parseWith(CreateCredentialRequestSchema, await readJson(req));
  const c = await app.credentials.create(body, user.id);
  return json(credentialBody(await credentialView(app.credentials, c.id)), 201, { Location: `/api/v1/credentials/${encodeURIComponent(c.id)}` });
});

export const PUT = methodNotAllowed(['GET', 'POST']);
export const PATCH = PUT;
export const DELETE = PUT;
