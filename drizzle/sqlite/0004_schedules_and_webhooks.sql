CREATE TABLE `schedules` (
	`workflow_id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`node_id` text NOT NULL,
	`cron` text NOT NULL,
	`timezone` text NOT NULL,
	`missed_fires` text NOT NULL,
	`next_fire_at` integer,
	`last_fired_at` integer,
	`last_run_id` text,
	`last_error` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`workflow_id`) REFERENCES `workflows`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `schedules_next_fire_idx` ON `schedules` (`next_fire_at`);--> statement-breakpoint
CREATE TABLE `webhooks` (
	`token` text PRIMARY KEY NOT NULL,
	`workflow_id` text NOT NULL,
	`version` integer NOT NULL,
	`node_id` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`workflow_id`) REFERENCES `workflows`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `webhooks_workflow_idx` ON `webhooks` (`workflow_id`);