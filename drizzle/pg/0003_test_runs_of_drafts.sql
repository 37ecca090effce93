CREATE TABLE "run_drafts" (
	"run_id" text PRIMARY KEY NOT NULL,
	"draft_revision" integer NOT NULL,
	"document" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "runs" ALTER COLUMN "version" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "run_drafts" ADD CONSTRAINT "run_drafts_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE no action ON UPDATE no action;