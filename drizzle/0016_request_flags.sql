CREATE TABLE `product_matches` (
	`prescribed_dmd_id` text PRIMARY KEY NOT NULL,
	`prescribed_name` text NOT NULL,
	`matched_dmd_id` text NOT NULL,
	`proposed_by_name` text NOT NULL,
	`confirmed_by_id` text NOT NULL,
	`confirmed_by_name` text NOT NULL,
	`confirmed_at` text NOT NULL,
	`request_id` text NOT NULL,
	FOREIGN KEY (`matched_dmd_id`) REFERENCES `products`(`dmd_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `request_flags` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`request_id` text NOT NULL,
	`line_id` text,
	`kind` text NOT NULL,
	`key` text NOT NULL,
	`path` text NOT NULL,
	`raw` text,
	`words` text NOT NULL,
	`blocks` text NOT NULL,
	`source` text NOT NULL,
	`raised_version` integer NOT NULL,
	`raised_at` text NOT NULL,
	`status` text NOT NULL,
	`proposal` text,
	`proposed_at` text,
	`proposed_by_id` text,
	`proposed_by_name` text,
	`resolution` text,
	`resolution_detail` text,
	`resolved_at` text,
	`resolved_by_id` text,
	`resolved_by_name` text,
	`closed_version` integer,
	`closed_at` text,
	FOREIGN KEY (`request_id`) REFERENCES `requests`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "request_flags_status_known" CHECK("request_flags"."status" IN ('open', 'proposed', 'resolved', 'no_longer_applies')),
	CONSTRAINT "request_flags_resolved" CHECK("request_flags"."status" <> 'resolved' OR ("request_flags"."resolution" IS NOT NULL AND "request_flags"."resolved_at" IS NOT NULL)),
	CONSTRAINT "request_flags_unsettled" CHECK("request_flags"."status" NOT IN ('open', 'proposed') OR "request_flags"."resolution" IS NULL)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `request_flags_live` ON `request_flags` (`request_id`,`key`) WHERE "request_flags"."status" <> 'no_longer_applies';--> statement-breakpoint
CREATE INDEX `request_flags_request` ON `request_flags` (`request_id`,`id`);--> statement-breakpoint
CREATE INDEX `request_flags_status` ON `request_flags` (`status`,`request_id`);