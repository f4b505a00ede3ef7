CREATE TABLE `feed_exceptions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`category` text NOT NULL,
	`cursor` text,
	`kind` text,
	`request_id` text,
	`raw` text NOT NULL,
	`raw_hash` text NOT NULL,
	`reason` text NOT NULL,
	`received_at` text NOT NULL,
	`acknowledged_at` text,
	`acknowledged_by` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `feed_exceptions_raw` ON `feed_exceptions` (`raw_hash`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`request_id` text NOT NULL,
	`type` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`body` text NOT NULL,
	`created_at` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text NOT NULL,
	`last_error` text,
	`settled_at` text,
	`response` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_idempotency_key_unique` ON `outbox` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `outbox_unsettled` ON `outbox` (`status`,`request_id`,`id`);--> statement-breakpoint
CREATE INDEX `outbox_request` ON `outbox` (`request_id`,`id`);--> statement-breakpoint
CREATE TABLE `sync_state` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
