CREATE TABLE `store_checks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`reason` text NOT NULL,
	`started_at` text NOT NULL,
	`finished_at` text NOT NULL,
	`problems` text NOT NULL,
	`requested_by_name` text
);
--> statement-breakpoint
CREATE INDEX `store_checks_finished` ON `store_checks` (`finished_at`);