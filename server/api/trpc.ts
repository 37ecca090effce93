/**
 * tRPC setup: context (the app and the signed-in caller), the error formatter that hands
 * clients typed issues, and the procedures: public, signed in, and allowed(permission). Every procedure validates its input
 * with zod; services throw {@link AppError}, mapped here to tRPC codes.
 */
import 'server-only';
import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { getApp, type App } from '../app';
import { AppError, asUnavailable, zodIssues, type Issue } from '../errors';
import { reportInternalError } from '../http/internal-error';
import { assertSameOrigin, authenticate, authorize, type Principal } from '../auth/principal';
import type { Permission } from '@/lib/auth/roles';

export interface Context {
  app: App;
  req: Request;
  /** The signed-in caller, or null (only public procedures then). */
  principal: Principal | null;
}

/**
 * Builds the context from a fetch Request (route handler). An invalid API key is
 * remembered and reported by the first procedure that needs a caller.
 */
export async function createContext(req: Request): Promise<Context & { authError?: AppError }> {
  const app = getApp();
  try {
    return { app, req, principal: await authenticate(app, req) };
  } catch (err) {
    if (err instanceof AppError) return { app, req, principal: null, authError: err };
    const down = asUnavailable(err);
    if (down) return { app, req, principal: null, authError: down };
    throw err;
  }
}

const CODE: Record<AppError['kind'], TRPCError['code']> = {
  bad_request: 'BAD_REQUEST',
  unauthorized: 'UNAUTHORIZED',
  forbidden: 'FORBIDDEN',
  not_found: 'NOT_FOUND',
  conflict: 'CONFLICT',
  invalid: 'UNPROCESSABLE_CONTENT',
  too_many_requests: 'TOO_MANY_REQUESTS',
  unavailable: 'SERVICE_UNAVAILABLE',
};

/**
 * Adds `data.issues` (field paths) to every error. An unexpected error (tRPC's
 * INTERNAL_SERVER_ERROR: anything a procedure threw that is not an AppError or a
 * TRPCError of another code) never reaches the client in its own words: it is logged
 * with a generated id, and the client gets `"internal error (id err_…)"` and `data.errorId`
 * (`server/http/internal-error.ts`). No stack is ever sent.
 */
const t = initTRPC.context<Context & { authError?: AppError }>().create({
  errorFormatter({ shape, error, path }) {
    let issues: Issue[] = [];
    if (error.cause instanceof AppError) issues = error.cause.issues;
    else if (error.cause instanceof ZodError) issues = zodIssues(error.cause.issues);
    const { stack: _stack, ...data } = shape.data;
    if (error.code === 'INTERNAL_SERVER_ERROR') {
      const { errorId, message } = reportInternalError(error.cause ?? error, `tRPC ${path ?? '(unknown procedure)'}`);
      return { ...shape, message, data: { ...data, issues, errorId } };
    }
    return { ...shape, data: { ...data, issues } };
  },
});

/** Maps service errors to tRPC errors, keeping the original as `cause` for the formatter. */
const errorMapping = t.middleware(async ({ next }) => {
  const res = await next();
  if (!res.ok) {
    const cause = res.error.cause instanceof AppError ? res.error.cause : asUnavailable(res.error.cause);
    if (cause) throw new TRPCError({ code: CODE[cause.kind], message: cause.message, cause });
  }
  return res;
});

export const router = t.router;
/** Open to anyone (the sign-in and setup pages). */
export const publicProcedure = t.procedure.use(errorMapping);

/**
 * A signed-in caller; mutations from a browser session must come from Baton's own
 * origin (CSRF). Adds `ctx.user`. Errors: UNAUTHORIZED, FORBIDDEN.
 */
export const signedInProcedure = publicProcedure.use(({ ctx, type, next }) => {
  if (ctx.authError) throw ctx.authError;
  const user = authorize(ctx.principal);
  if (type === 'mutation') assertSameOrigin(ctx.req, ctx.principal);
  return next({ ctx: { user } });
});

/** A signed-in caller whose roles grant `permission` (see `lib/auth/roles.ts`). Errors: UNAUTHORIZED, FORBIDDEN. */
export function allowed(permission: Permission) {
  return signedInProcedure.use(({ ctx, next }) => {
    authorize(ctx.principal, permission);
    return next();
  });
}
export const createCallerFactory = t.createCallerFactory;
