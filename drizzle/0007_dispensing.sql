CREATE TABLE `dispensed_packs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`request_id` text NOT NULL,
	`line_id` text NOT NULL,
	`raw` text NOT NULL,
	`gtin` text NOT NULL,
	`ampp_id` text NOT NULL,
	`batch_id` integer NOT NULL,
	`batch_no` text NOT NULL,
	`expiry` text NOT NULL,
	`serial` text,
	`quantity_milli` integer NOT NULL,
	`assembled_by_id` text NOT NULL,
	`assembled_by_name` text NOT NULL,
	`assembled_at` text NOT NULL,
	`rescanned_by_id` text,
	`rescanned_by_name` text,
	`rescanned_at` text,
	`state` text DEFAULT 'assembled' NOT NULL,
	`state_at` text,
	`state_reason` text,
	FOREIGN KEY (`ampp_id`) REFERENCES `packs`(`ampp_id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`batch_id`) REFERENCES `batches`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "dispensed_packs_quantity" CHECK("dispensed_packs"."quantity_milli" > 0),
	CONSTRAINT "dispensed_packs_state" CHECK("dispensed_packs"."state" IN ('assembled', 'returned', 'quarantined'))
);
--> statement-breakpoint
CREATE INDEX `dispensed_packs_request` ON `dispensed_packs` (`request_id`,`line_id`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `dispensed_packs_serial` ON `dispensed_packs` (`gtin`,`serial`) WHERE "dispensed_packs"."serial" IS NOT NULL AND "dispensed_packs"."state" <> 'returned';--> statement-breakpoint
CREATE TABLE `dispensing_checks` (
	`request_id` text PRIMARY KEY NOT NULL,
	`labels_job_id` integer,
	`labels_requested_by_id` text,
	`labels_requested_by_name` text,
	`labelled_at` text,
	`clinical_check_by_id` text,
	`clinical_check_by_name` text,
	`clinical_check_at` text,
	`accuracy_check_by_id` text,
	`accuracy_check_by_name` text,
	`accuracy_check_at` text,
	`self_check` integer DEFAULT false NOT NULL
);
