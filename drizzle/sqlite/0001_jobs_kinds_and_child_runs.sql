ALTER TABLE `jobs` ADD `kind` text DEFAULT 'execute' NOT NULL;--> statement-breakpoint
ALTER TABLE `jobs` ADD `payload` text;--> statement-breakpoint
ALTER TABLE `runs` ADD `parent_run_id` text;--> statement-breakpoint
ALTER TABLE `runs` ADD `parent_step_id` text;--> statement-breakpoint
CREATE INDEX `runs_parent_idx` ON `runs` (`parent_run_id`);