CREATE TABLE `store_checks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`reason` text NOT NULL,
	`started_at` text NOT NULL,
	`finished_at` text NOT NULL,
	`problems` text NOT NULL,
	`requested_by_name` text
);
--> statement-breakpoint
CREATE INDEX `store_checks_finished` ON `store_checks` (`finished_at`);--> statement-breakpoint
CREATE INDEX `requests_open` ON `requests` (`stage_since`,`id`,`stage`,`phensys_state`,`route`,`patient_name`,`item_count`,`has_controlled_drug`,`hard_copy_required`,`delivery_service`,`received_at`) WHERE "stage" NOT IN ('dispatched', 'delivered', 'rejected', 'cancelled');