CREATE TABLE `parcel_packs` (
	`parcel_id` integer NOT NULL,
	`dispensed_pack_id` integer NOT NULL,
	PRIMARY KEY(`parcel_id`, `dispensed_pack_id`),
	FOREIGN KEY (`parcel_id`) REFERENCES `parcels`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`dispensed_pack_id`) REFERENCES `dispensed_packs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `parcel_packs_pack` ON `parcel_packs` (`dispensed_pack_id`,`parcel_id`);--> statement-breakpoint
ALTER TABLE `shipments` ADD `parcel_contents` text;--> statement-breakpoint
-- What went in a parcel is history: no edit, no deletion.
CREATE TRIGGER parcel_packs_no_update BEFORE UPDATE ON parcel_packs
BEGIN
  SELECT RAISE(ABORT, 'parcel_packs is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER parcel_packs_no_delete BEFORE DELETE ON parcel_packs
BEGIN
  SELECT RAISE(ABORT, 'parcel_packs is append-only');
END;
