/**
 * tRPC setup: context (the app and the acting user), the error formatter that hands
 * clients typed issues, and the base procedure. Every procedure validates its input
 * with zod; services throw {@link AppError}, mapped here to tRPC codes.
 */
import 'server-only';
import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { getApp, type App } from '../app';
import { AppError, zodIssues, type Issue } from '../errors';
import type { User } from '../services/users';

/** Cookie holding the id of the person the browser acts as. */
export const USER_COOKIE = 'baton_user';

export interface Context {
  app: App;
  user: User;
}

function cookieValue(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return null;
}

/** Builds the context from a fetch Request (route handler). */
export function createContext(req: Request): Context {
  const app = getApp();
  return { app, user: app.users.resolve(cookieValue(req.headers.get('cookie'), USER_COOKIE)) };
}

const CODE: Record<AppError['kind'], TRPCError['code']> = {
  bad_request: 'BAD_REQUEST',
  forbidden: 'FORBIDDEN',
  not_found: 'NOT_FOUND',
  conflict: 'CONFLICT',
  invalid: 'UNPROCESSABLE_CONTENT',
};

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    let issues: Issue[] = [];
    if (error.cause instanceof AppError) issues = error.cause.issues;
    else if (error.cause instanceof ZodError) issues = zodIssues(error.cause.issues);
    return { ...shape, data: { ...shape.data, issues } };
  },
});

/** Maps service errors to tRPC errors, keeping the original as `cause` for the formatter. */
const errorMapping = t.middleware(async ({ next }) => {
  const res = await next();
  if (!res.ok && res.error.cause instanceof AppError) {
    const cause = res.error.cause;
    throw new TRPCError({ code: CODE[cause.kind], message: cause.message, cause });
  }
  return res;
});

export const router = t.router;
export const publicProcedure = t.procedure.use(errorMapping);
export const createCallerFactory = t.createCallerFactory;
