CREATE TABLE `backups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`file` text NOT NULL,
	`started_at` text NOT NULL,
	`finished_at` text NOT NULL,
	`verified` integer NOT NULL,
	`problem` text,
	`audit_entries` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `pairing_codes` (
	`code_hash` text PRIMARY KEY NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`used_at` text,
	`used_by` text
);
--> statement-breakpoint
CREATE TABLE `request_claims` (
	`request_id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`user_name` text NOT NULL,
	`workstation_id` text NOT NULL,
	`bench_name` text NOT NULL,
	`stage` text NOT NULL,
	`since` text NOT NULL,
	FOREIGN KEY (`request_id`) REFERENCES `requests`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `workstations` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`credential_hash` text NOT NULL,
	`paired_at` text NOT NULL,
	`paired_by` text NOT NULL,
	`last_contact_at` text,
	`revoked_at` text,
	`revoked_by` text,
	`default_printer` text DEFAULT 'host' NOT NULL
);
--> statement-breakpoint
DROP INDEX `requests_open`;--> statement-breakpoint
ALTER TABLE `requests` ADD `revision` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `requests_open` ON `requests` (`stage_since`,`id`,`stage`,`phensys_state`,`route`,`patient_name`,`item_count`,`has_controlled_drug`,`hard_copy_required`,`delivery_service`,`received_at`,`revision`) WHERE "stage" NOT IN ('dispatched', 'delivered', 'rejected', 'cancelled');--> statement-breakpoint
ALTER TABLE `print_jobs` ADD `destination` text DEFAULT 'host' NOT NULL;--> statement-breakpoint
ALTER TABLE `print_jobs` ADD `destination_name` text DEFAULT 'the host''s printer' NOT NULL;