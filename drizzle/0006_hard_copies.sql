CREATE TABLE `hard_copies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`request_id` text NOT NULL,
	`received_at` text NOT NULL,
	`received_by_id` text NOT NULL,
	`received_by_name` text NOT NULL,
	`form_type` text NOT NULL,
	`serial` text NOT NULL,
	`checks` text NOT NULL,
	`mismatches` text NOT NULL,
	`matches` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `hard_copies_request` ON `hard_copies` (`request_id`,`id`);