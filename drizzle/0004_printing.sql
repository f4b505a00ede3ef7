CREATE TABLE `print_jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`request_id` text,
	`kind` text NOT NULL,
	`labels` integer NOT NULL,
	`payload` text NOT NULL,
	`state` text DEFAULT 'queued' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text NOT NULL,
	`last_error` text,
	`printer` text,
	`created_at` text NOT NULL,
	`created_by` text,
	`delivered_at` text,
	`reprint_of` integer
);
--> statement-breakpoint
CREATE INDEX `print_jobs_state` ON `print_jobs` (`state`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `print_jobs_request` ON `print_jobs` (`request_id`,`id`);