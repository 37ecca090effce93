CREATE TABLE `webhook_receipts` (
	`workflow_id` text NOT NULL,
	`node_id` text NOT NULL,
	`kind` text NOT NULL,
	`key` text NOT NULL,
	`request_hash` text NOT NULL,
	`run_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	PRIMARY KEY(`workflow_id`, `node_id`, `kind`, `key`)
);
--> statement-breakpoint
CREATE INDEX `webhook_receipts_expires_idx` ON `webhook_receipts` (`expires_at`);