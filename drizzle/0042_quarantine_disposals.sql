CREATE TABLE `quarantine_disposals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`batch_id` integer NOT NULL,
	`kind` text NOT NULL,
	`quantity_milli` integer NOT NULL,
	`reason` text NOT NULL,
	`witness` text,
	`actor_id` text,
	`actor_name` text NOT NULL,
	`at` text NOT NULL,
	FOREIGN KEY (`batch_id`) REFERENCES `batches`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "quarantine_disposals_kind" CHECK("quarantine_disposals"."kind" IN ('destruction', 'supplier_return')),
	CONSTRAINT "quarantine_disposals_quantity" CHECK("quarantine_disposals"."quantity_milli" > 0),
	CONSTRAINT "quarantine_disposals_reason" CHECK(length(trim("quarantine_disposals"."reason")) > 0)
);
--> statement-breakpoint
CREATE INDEX `quarantine_disposals_batch` ON `quarantine_disposals` (`batch_id`,`quantity_milli`);--> statement-breakpoint
CREATE INDEX `stock_movements_quarantine` ON `stock_movements` (`batch_id`,`on_hand_delta_milli`) WHERE "stock_movements"."kind" = 'quarantine';--> statement-breakpoint
-- Stock that left quarantine (destroyed, returned to the supplier) stays as recorded: no edit, no deletion.
CREATE TRIGGER quarantine_disposals_no_update BEFORE UPDATE ON quarantine_disposals
BEGIN
  SELECT RAISE(ABORT, 'quarantine_disposals is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER quarantine_disposals_no_delete BEFORE DELETE ON quarantine_disposals
BEGIN
  SELECT RAISE(ABORT, 'quarantine_disposals is append-only');
END;
