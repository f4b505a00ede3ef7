CREATE TABLE `safety_flags` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`request_id` text NOT NULL,
	`line_id` text,
	`kind` text NOT NULL,
	`key` text NOT NULL,
	`raw` text NOT NULL,
	`words` text NOT NULL,
	`must_acknowledge` integer NOT NULL,
	`raised_at` text NOT NULL,
	`status` text NOT NULL,
	`acknowledged_reason` text,
	`acknowledged_by_id` text,
	`acknowledged_by_name` text,
	`acknowledged_at` text,
	`closed_at` text,
	FOREIGN KEY (`request_id`) REFERENCES `requests`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "safety_flags_acknowledged" CHECK("safety_flags"."status" <> 'acknowledged' OR ("safety_flags"."acknowledged_at" IS NOT NULL AND length(trim(COALESCE("safety_flags"."acknowledged_reason", ''))) > 0))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `safety_flags_live` ON `safety_flags` (`request_id`,`key`) WHERE "safety_flags"."status" <> 'no_longer_applies';--> statement-breakpoint
CREATE INDEX `safety_flags_request` ON `safety_flags` (`request_id`,`id`);--> statement-breakpoint
CREATE INDEX `safety_flags_open` ON `safety_flags` (`status`,`request_id`);