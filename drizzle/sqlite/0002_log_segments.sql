ALTER TABLE `run_events` ADD `last_seq` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE `run_events` SET `last_seq` = `seq`, `data` = '[' || `data` || ']';
