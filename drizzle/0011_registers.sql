CREATE TABLE `cd_register_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`section_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`kind` text NOT NULL,
	`at` text NOT NULL,
	`entry_date` text NOT NULL,
	`change_milli` integer NOT NULL,
	`balance_milli` integer NOT NULL,
	`supplier_name` text,
	`supplier_address` text,
	`product_detail` text,
	`receipt_line_id` integer,
	`request_id` text,
	`line_id` text,
	`patient_name` text,
	`patient_address` text,
	`prescriber_name` text,
	`prescriber_address` text,
	`prescriber_registration` text,
	`handover_method` text,
	`collected_by` text,
	`id_asked` integer,
	`id_seen` integer,
	`corrects_entry_id` integer,
	`note` text,
	`recorded_by_id` text NOT NULL,
	`recorded_by_name` text NOT NULL,
	FOREIGN KEY (`section_id`) REFERENCES `cd_register_sections`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`receipt_line_id`) REFERENCES `receipt_lines`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`corrects_entry_id`) REFERENCES `cd_register_entries`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "cd_register_kind" CHECK(("cd_register_entries"."kind" = 'receipt' AND "cd_register_entries"."change_milli" > 0)
      OR ("cd_register_entries"."kind" = 'supply' AND "cd_register_entries"."change_milli" < 0 AND "cd_register_entries"."request_id" IS NOT NULL AND "cd_register_entries"."handover_method" IS NOT NULL)
      OR ("cd_register_entries"."kind" = 'correction' AND length(trim(COALESCE("cd_register_entries"."note", ''))) > 0))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cd_register_seq` ON `cd_register_entries` (`section_id`,`seq`);--> statement-breakpoint
CREATE UNIQUE INDEX `cd_register_receipt_once` ON `cd_register_entries` (`receipt_line_id`) WHERE "cd_register_entries"."receipt_line_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `cd_register_supply_once` ON `cd_register_entries` (`section_id`,`request_id`,`line_id`) WHERE "cd_register_entries"."kind" = 'supply';--> statement-breakpoint
CREATE INDEX `cd_register_date` ON `cd_register_entries` (`section_id`,`entry_date`);--> statement-breakpoint
CREATE TABLE `cd_register_sections` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`vmp_id` text NOT NULL,
	`drug` text NOT NULL,
	`form` text NOT NULL,
	`strength` text,
	`unit` text NOT NULL,
	`opened_at` text NOT NULL,
	FOREIGN KEY (`vmp_id`) REFERENCES `products`(`dmd_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cd_register_sections_vmp_id_unique` ON `cd_register_sections` (`vmp_id`);--> statement-breakpoint
CREATE TABLE `pom_register_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`corrects_entry_id` integer,
	`request_id` text NOT NULL,
	`line_id` text NOT NULL,
	`supplied_at` text NOT NULL,
	`supply_date` text NOT NULL,
	`dmd_id` text NOT NULL,
	`medicine_name` text NOT NULL,
	`strength` text,
	`form` text,
	`quantity` real NOT NULL,
	`unit` text NOT NULL,
	`packs_supplied` text NOT NULL,
	`prescriber_name` text NOT NULL,
	`prescriber_address` text,
	`prescriber_registration` text,
	`patient_name` text NOT NULL,
	`patient_address` text NOT NULL,
	`patient_address_is_delivery` integer NOT NULL,
	`prescription_date` text,
	`prescription_date_note` text,
	`prescription_reference` text,
	`emergency_supply` integer DEFAULT false NOT NULL,
	`emergency_prescription_received` text,
	`emergency_nature` text,
	`recorded_at` text NOT NULL,
	`recorded_by_id` text NOT NULL,
	`recorded_by_name` text NOT NULL,
	`note` text,
	FOREIGN KEY (`corrects_entry_id`) REFERENCES `pom_register_entries`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "pom_register_kind" CHECK(("pom_register_entries"."kind" = 'supply' AND "pom_register_entries"."corrects_entry_id" IS NULL)
      OR ("pom_register_entries"."kind" = 'correction' AND "pom_register_entries"."corrects_entry_id" IS NOT NULL AND length(trim(COALESCE("pom_register_entries"."note", ''))) > 0)),
	CONSTRAINT "pom_register_prescription_date" CHECK("pom_register_entries"."prescription_date" IS NOT NULL OR "pom_register_entries"."prescription_date_note" IS NOT NULL)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `pom_register_supply_once` ON `pom_register_entries` (`request_id`,`line_id`) WHERE "pom_register_entries"."kind" = 'supply';--> statement-breakpoint
CREATE INDEX `pom_register_date` ON `pom_register_entries` (`supply_date`,`id`);--> statement-breakpoint
CREATE INDEX `pom_register_corrects` ON `pom_register_entries` (`corrects_entry_id`) WHERE "pom_register_entries"."corrects_entry_id" IS NOT NULL;--> statement-breakpoint
CREATE TABLE `register_supplies` (
	`request_id` text PRIMARY KEY NOT NULL,
	`supplied_at` text NOT NULL,
	`supply_date` text NOT NULL,
	`method` text NOT NULL,
	`carrier` text,
	`service` text,
	`tracking_numbers` text,
	`collected_by_name` text,
	`collected_relation` text,
	`id_asked` integer,
	`id_seen` integer,
	`patient_name` text NOT NULL,
	`patient_address` text NOT NULL,
	`recorded_by_id` text NOT NULL,
	`recorded_by_name` text NOT NULL,
	CONSTRAINT "register_supplies_method" CHECK(("register_supplies"."method" = 'carrier' AND "register_supplies"."carrier" IS NOT NULL)
      OR ("register_supplies"."method" = 'collect' AND "register_supplies"."collected_by_name" IS NOT NULL AND "register_supplies"."id_asked" IS NOT NULL AND "register_supplies"."id_seen" IS NOT NULL))
);
--> statement-breakpoint
CREATE INDEX `register_supplies_date` ON `register_supplies` (`supply_date`);--> statement-breakpoint
CREATE INDEX `dispensed_packs_batch` ON `dispensed_packs` (`batch_id`);