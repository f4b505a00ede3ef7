CREATE TABLE `rp_absences` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`period_id` integer NOT NULL,
	`started_at` text NOT NULL,
	`returned_at` text,
	FOREIGN KEY (`period_id`) REFERENCES `rp_periods`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `rp_absences_period` ON `rp_absences` (`period_id`,`started_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `rp_absences_one_open` ON `rp_absences` (`period_id`) WHERE "rp_absences"."returned_at" IS NULL;--> statement-breakpoint
CREATE TABLE `rp_periods` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`pharmacist_id` text NOT NULL,
	`pharmacist_name` text NOT NULL,
	`gphc_number` text NOT NULL,
	`started_at` text NOT NULL,
	`ended_at` text,
	`ended_by_id` text,
	`ended_by_name` text,
	`end_reason` text
);
--> statement-breakpoint
CREATE INDEX `rp_periods_started` ON `rp_periods` (`started_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `rp_periods_one_open` ON `rp_periods` (("ended_at" IS NULL)) WHERE "rp_periods"."ended_at" IS NULL;