CREATE TABLE `batch_recalls` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ampp_id` text NOT NULL,
	`batch_no` text NOT NULL,
	`reference` text NOT NULL,
	`alert_class` integer NOT NULL,
	`note` text,
	`recorded_at` text NOT NULL,
	`recorded_by_id` text NOT NULL,
	`recorded_by_name` text NOT NULL,
	FOREIGN KEY (`ampp_id`) REFERENCES `packs`(`ampp_id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "batch_recalls_class" CHECK("batch_recalls"."alert_class" BETWEEN 1 AND 4)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `batch_recalls_pack_batch` ON `batch_recalls` (`ampp_id`,`batch_no`);
--> statement-breakpoint
-- A recall stands as recorded: no edit and no deletion.
CREATE TRIGGER batch_recalls_no_update BEFORE UPDATE ON batch_recalls
BEGIN
  SELECT RAISE(ABORT, 'batch_recalls is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER batch_recalls_no_delete BEFORE DELETE ON batch_recalls
BEGIN
  SELECT RAISE(ABORT, 'batch_recalls is append-only');
END;
