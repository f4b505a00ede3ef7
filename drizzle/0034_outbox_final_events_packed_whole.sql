-- A final outbox event is packed whole: its idempotency key, its times (created, last try, settled),
-- the state Phensys answered and its deflated body in one column, `event_packed`, the columns they came from emptied. The
-- events of a store from before (their body alone deflated, or not yet) are all unpacked by this
-- condition and packed again in the background (maintenance/final-events.ts); until then they read as before.
DROP INDEX `outbox_unpacked`;--> statement-breakpoint
ALTER TABLE `outbox` ADD `event_packed` blob;--> statement-breakpoint
CREATE INDEX `outbox_unpacked` ON `outbox` (`id`) WHERE "outbox"."status" IN ('sent', 'superseded', 'dismissed') AND "outbox"."event_packed" IS NULL;
