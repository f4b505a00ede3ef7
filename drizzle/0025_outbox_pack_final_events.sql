-- Final outbox events (sent, superseded, set aside) keep their body deflated, packed by the
-- maintenance in the background; the idempotency key stays in every row but is unique only among
-- the events that can still go, so the year of sent events leaves the unique index.
DROP INDEX `outbox_idempotency_key_unique`;--> statement-breakpoint
ALTER TABLE `outbox` ADD `body_packed` blob;--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_unsettled_key` ON `outbox` (`idempotency_key`) WHERE "outbox"."status" IN ('pending', 'conflict', 'failed');--> statement-breakpoint
CREATE INDEX `outbox_unpacked` ON `outbox` (`id`) WHERE "outbox"."status" IN ('sent', 'superseded', 'dismissed') AND "outbox"."body" <> '';