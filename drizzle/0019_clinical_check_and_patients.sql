CREATE TABLE `clinical_checks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`request_id` text NOT NULL,
	`outcome` text NOT NULL,
	`note` text,
	`by_id` text NOT NULL,
	`by_name` text NOT NULL,
	`gphc_number` text,
	`at` text NOT NULL,
	`version` integer NOT NULL,
	`flags_seen` text NOT NULL,
	`voided_at` text,
	`voided_version` integer,
	FOREIGN KEY (`request_id`) REFERENCES `requests`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "clinical_checks_outcome" CHECK("clinical_checks"."outcome" IN ('approved', 'approved_with_note', 'query', 'reject')),
	CONSTRAINT "clinical_checks_note" CHECK("clinical_checks"."outcome" = 'approved' OR length(trim(COALESCE("clinical_checks"."note", ''))) > 0)
);
--> statement-breakpoint
CREATE INDEX `clinical_checks_request` ON `clinical_checks` (`request_id`,`id`);--> statement-breakpoint
CREATE TABLE `patient_identity_decisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`patient_id` text NOT NULL,
	`other_patient_id` text NOT NULL,
	`same_person` integer NOT NULL,
	`reason` text NOT NULL,
	`by_id` text NOT NULL,
	`by_name` text NOT NULL,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `patient_identity_patient` ON `patient_identity_decisions` (`patient_id`,`id`);--> statement-breakpoint
CREATE INDEX `patient_identity_other` ON `patient_identity_decisions` (`other_patient_id`,`id`);--> statement-breakpoint
CREATE TABLE `staff_notes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`subject` text NOT NULL,
	`subject_id` text NOT NULL,
	`text` text NOT NULL,
	`by_id` text NOT NULL,
	`by_name` text NOT NULL,
	`at` text NOT NULL,
	CONSTRAINT "staff_notes_subject_known" CHECK("staff_notes"."subject" IN ('request', 'patient'))
);
--> statement-breakpoint
CREATE INDEX `staff_notes_subject` ON `staff_notes` (`subject`,`subject_id`,`id`);--> statement-breakpoint
CREATE INDEX `staff_notes_at` ON `staff_notes` (`at`);--> statement-breakpoint
ALTER TABLE `requests` ADD `patient_id` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `requests` ADD `patient_dob` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `requests` ADD `patient_postcode` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `requests` ADD `patient_match_key` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX `requests_patient` ON `requests` (`patient_id`,`received_at`);--> statement-breakpoint
CREATE INDEX `requests_patient_match` ON `requests` (`patient_match_key`);--> statement-breakpoint
CREATE INDEX `requests_patient_dob` ON `requests` (`patient_dob`);--> statement-breakpoint
CREATE INDEX `requests_patient_postcode` ON `requests` (`patient_postcode`);--> statement-breakpoint
CREATE INDEX `requests_received` ON `requests` (`received_at`);--> statement-breakpoint
CREATE INDEX `requests_patient_name` ON `requests` (`patient_name`,`received_at`,`id`);