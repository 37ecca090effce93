-- What the SQLite database does outside its table definitions, in PostgreSQL terms.
-- 1. audit_log is append-only (SQLite: triggers audit_log_no_update / audit_log_no_delete
--    in drizzle/sqlite/0005). Same trigger names and messages; TRUNCATE is refused too.
CREATE FUNCTION "baton_audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: rows cannot be %',
    CASE TG_OP WHEN 'UPDATE' THEN 'updated' WHEN 'DELETE' THEN 'deleted' ELSE 'truncated' END;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "audit_log_no_update" BEFORE UPDATE ON "audit_log" FOR EACH ROW EXECUTE FUNCTION "baton_audit_log_append_only"();
--> statement-breakpoint
CREATE TRIGGER "audit_log_no_delete" BEFORE DELETE ON "audit_log" FOR EACH ROW EXECUTE FUNCTION "baton_audit_log_append_only"();
--> statement-breakpoint
CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "audit_log" FOR EACH STATEMENT EXECUTE FUNCTION "baton_audit_log_append_only"();
--> statement-breakpoint
-- 2. baton_lower(text): Unicode lower case, '' for null (SQLite: a JavaScript function that
--    server/db/open.ts registers on each connection; used by the inbox's case-insensitive
--    search). PostgreSQL's lower() follows the collation; the ICU root collation covers every
--    script whatever the database's locale (a server built without ICU falls back to the
--    database's own collation).
DO $$
DECLARE
  icu text := CASE WHEN EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu') THEN ' COLLATE "und-x-icu"' ELSE '' END;
BEGIN
  EXECUTE format(
    'CREATE FUNCTION "baton_lower"(s text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS %L',
    'SELECT lower(COALESCE(s, '''')' || icu || ')'
  );
END
$$;
