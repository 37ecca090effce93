CREATE TABLE `run_drafts` (
	`run_id` text PRIMARY KEY NOT NULL,
	`draft_revision` integer NOT NULL,
	`document` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`workflow_id` text NOT NULL,
	`version` integer,
	`status` text NOT NULL,
	`input` text NOT NULL,
	`output` text,
	`error` text,
	`state` text NOT NULL,
	`state_version` integer NOT NULL,
	`started_by` text NOT NULL,
	`trigger` text DEFAULT 'manual' NOT NULL,
	`parent_run_id` text,
	`parent_step_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`ended_at` integer,
	FOREIGN KEY (`workflow_id`) REFERENCES `workflows`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_runs`("id", "workflow_id", "version", "status", "input", "output", "error", "state", "state_version", "started_by", "trigger", "parent_run_id", "parent_step_id", "created_at", "updated_at", "ended_at") SELECT "id", "workflow_id", "version", "status", "input", "output", "error", "state", "state_version", "started_by", "trigger", "parent_run_id", "parent_step_id", "created_at", "updated_at", "ended_at" FROM `runs`;--> statement-breakpoint
DROP TABLE `runs`;--> statement-breakpoint
ALTER TABLE `__new_runs` RENAME TO `runs`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `runs_created_idx` ON `runs` (`created_at`);--> statement-breakpoint
CREATE INDEX `runs_workflow_idx` ON `runs` (`workflow_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `runs_status_idx` ON `runs` (`status`);--> statement-breakpoint
CREATE INDEX `runs_parent_idx` ON `runs` (`parent_run_id`);