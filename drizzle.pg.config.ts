import { defineConfig } from 'drizzle-kit';

/** drizzle-kit for PostgreSQL: schema `server/db/pg/schema.ts`, migrations `drizzle/pg/`. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './server/db/pg/schema.ts',
  out: './drizzle/pg',
});
