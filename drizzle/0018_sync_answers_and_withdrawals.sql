DROP INDEX `outbox_unsettled`;--> statement-breakpoint
ALTER TABLE `outbox` ADD `answer_version` integer;--> statement-breakpoint
ALTER TABLE `outbox` ADD `answer_state` text;--> statement-breakpoint
CREATE INDEX `outbox_waiting` ON `outbox` (`next_attempt_at`) WHERE "outbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX `outbox_unsettled` ON `outbox` (`request_id`,`id`) WHERE "outbox"."status" IN ('pending', 'conflict', 'failed');--> statement-breakpoint
ALTER TABLE `wholesaler_order_lines` ADD `attention` text;--> statement-breakpoint
CREATE INDEX `wholesaler_order_lines_request` ON `wholesaler_order_lines` (`request_id`) WHERE "wholesaler_order_lines"."request_id" IS NOT NULL;--> statement-breakpoint
ALTER TABLE `print_jobs` ADD `payload_packed` blob;--> statement-breakpoint
ALTER TABLE `print_jobs` ADD `withdrawn_at` text;--> statement-breakpoint
ALTER TABLE `print_jobs` ADD `notice` text;--> statement-breakpoint
CREATE INDEX `print_jobs_unpacked` ON `print_jobs` (`id`) WHERE "print_jobs"."state" = 'delivered' AND "print_jobs"."payload" <> '';--> statement-breakpoint
-- A sent event keeps the version and state Phensys answered with; the snapshot itself is in requests.
-- This shrinks the rows; the file shrinks when an administrator compacts the store (VACUUM).
UPDATE `outbox` SET
	`answer_version` = CASE WHEN json_valid(`response`) THEN json_extract(`response`, '$.version') END,
	`answer_state` = CASE WHEN json_valid(`response`) THEN json_extract(`response`, '$.state') END,
	`response` = NULL
WHERE `status` = 'sent' AND `response` IS NOT NULL;
