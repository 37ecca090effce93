CREATE TABLE "router_decisions" (
	"run_id" text NOT NULL,
	"step_id" text NOT NULL,
	"workflow_id" text NOT NULL,
	"node_id" text NOT NULL,
	"candidate" text NOT NULL,
	"chosen_at" bigint NOT NULL,
	"ok" integer,
	"duration_ms" bigint,
	"ended_at" bigint,
	CONSTRAINT "router_decisions_run_id_step_id_pk" PRIMARY KEY("run_id","step_id")
);
--> statement-breakpoint
CREATE INDEX "router_decisions_candidate_ended_idx" ON "router_decisions" USING btree ("workflow_id","node_id","candidate","ended_at");--> statement-breakpoint
CREATE INDEX "router_decisions_candidate_chosen_idx" ON "router_decisions" USING btree ("workflow_id","node_id","candidate","chosen_at");