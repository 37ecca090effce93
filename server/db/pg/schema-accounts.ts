/**
 * The PostgreSQL schema of people and access: the same tables, columns and indexes as
 * `server/db/schema-accounts.ts` (the SQLite schema, where each column is described),
 * which better-auth reads and writes. Times are epoch ms in `bigint` columns, read as JS
 * `Date`s like SQLite's `timestamp_ms` columns; flags are `boolean`.
 */
import { sql } from 'drizzle-orm';
import { pgTable, text, integer, boolean, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { ms, timestampMs } from './columns';

/** People who sign in (better-auth `user` model); `roles` is a comma-separated list. */
export const users = pgTable(
  'users',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    email: text('email').notNull(),
    emailVerified: boolean('email_verified').notNull().default(false),
    image: text('image'),
    roles: text('roles').notNull().default('viewer'),
    disabled: boolean('disabled').notNull().default(false),
    createdAt: timestampMs('created_at').notNull(),
    updatedAt: timestampMs('updated_at').notNull().default(sql`0`),
  },
  (t) => [uniqueIndex('users_email_idx').on(t.email)],
);

/** Signed-in sessions (better-auth `session` model). */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    token: text('token').notNull(),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestampMs('expires_at').notNull(),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    createdAt: timestampMs('created_at').notNull(),
    updatedAt: timestampMs('updated_at').notNull(),
  },
  (t) => [uniqueIndex('sessions_token_idx').on(t.token), index('sessions_user_idx').on(t.userId)],
);

/** Sign-in methods of a person (better-auth `account` model). */
export const accounts = pgTable(
  'accounts',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    providerId: text('provider_id').notNull(),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    accessToken: text('access_token'),
    refreshToken: text('refresh_token'),
    idToken: text('id_token'),
    accessTokenExpiresAt: timestampMs('access_token_expires_at'),
    refreshTokenExpiresAt: timestampMs('refresh_token_expires_at'),
    scope: text('scope'),
    password: text('password'),
    createdAt: timestampMs('created_at').notNull(),
    updatedAt: timestampMs('updated_at').notNull(),
  },
  (t) => [index('accounts_user_idx').on(t.userId)],
);

/** One-time values (better-auth `verification` model). */
export const verifications = pgTable('verifications', {
  id: text('id').primaryKey(),
  identifier: text('identifier').notNull(),
  value: text('value').notNull(),
  expiresAt: timestampMs('expires_at').notNull(),
  createdAt: timestampMs('created_at').notNull(),
  updatedAt: timestampMs('updated_at').notNull(),
});

/** API keys for REST clients (`@better-auth/api-key` model `apikey`); `key` is the SHA-256 hash. */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    configId: text('config_id').notNull().default('default'),
    name: text('name'),
    start: text('start'),
    prefix: text('prefix'),
    key: text('key').notNull(),
    referenceId: text('reference_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    /** Milliseconds between refills (may pass 2^31: a month is 2.6e9 ms). */
    refillInterval: ms('refill_interval'),
    refillAmount: integer('refill_amount'),
    lastRefillAt: timestampMs('last_refill_at'),
    enabled: boolean('enabled').default(true),
    rateLimitEnabled: boolean('rate_limit_enabled').default(false),
    /** Milliseconds. */
    rateLimitTimeWindow: ms('rate_limit_time_window'),
    rateLimitMax: integer('rate_limit_max'),
    requestCount: integer('request_count').default(0),
    remaining: integer('remaining'),
    lastRequest: timestampMs('last_request'),
    expiresAt: timestampMs('expires_at'),
    createdAt: timestampMs('created_at').notNull(),
    updatedAt: timestampMs('updated_at').notNull(),
    permissions: text('permissions'),
    metadata: text('metadata'),
  },
  (t) => [uniqueIndex('api_keys_key_idx').on(t.key), index('api_keys_reference_idx').on(t.referenceId)],
);
