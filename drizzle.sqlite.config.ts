import { defineConfig } from 'drizzle-kit';

/** drizzle-kit for the embedded SQLite database: schema `server/db/schema.ts`, migrations `drizzle/sqlite/`. */
export default defineConfig({
  dialect: 'sqlite',
  schema: './server/db/schema.ts',
  out: './drizzle/sqlite',
});
