CREATE TABLE `parcels` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`request_id` text NOT NULL,
	`parcel_no` integer NOT NULL,
	`carrier` text NOT NULL,
	`service` text NOT NULL,
	`tracking_number` text,
	`dispatched_at` text NOT NULL,
	`manifest_date` text NOT NULL,
	`outcome` text,
	`outcome_at` text,
	`outcome_note` text,
	`outcome_source` text,
	FOREIGN KEY (`request_id`) REFERENCES `shipments`(`request_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `parcels_request_no` ON `parcels` (`request_id`,`parcel_no`);--> statement-breakpoint
CREATE UNIQUE INDEX `parcels_tracking` ON `parcels` (`carrier`,`tracking_number`) WHERE "parcels"."tracking_number" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `parcels_manifest` ON `parcels` (`manifest_date`,`carrier`);--> statement-breakpoint
CREATE INDEX `parcels_tracking_lookup` ON `parcels` (`tracking_number`);--> statement-breakpoint
CREATE TABLE `shipments` (
	`request_id` text PRIMARY KEY NOT NULL,
	`chosen_service_code` text,
	`chosen_by_id` text,
	`chosen_by_name` text,
	`chosen_reason` text,
	`method` text,
	`service_code` text,
	`carrier` text,
	`service` text,
	`parcels` integer,
	`bag_scan` text,
	`labels_job_id` integer,
	`packed_at` text,
	`packed_by_id` text,
	`packed_by_name` text,
	`dispatched_at` text,
	`dispatched_by_id` text,
	`dispatched_by_name` text,
	`collected_by_name` text,
	`collected_relation` text,
	`id_asked` integer,
	`id_seen` integer,
	CONSTRAINT "shipments_parcels" CHECK("shipments"."parcels" IS NULL OR "shipments"."parcels" BETWEEN 1 AND 20),
	CONSTRAINT "shipments_collect" CHECK("shipments"."method" IS NOT 'collect' OR "shipments"."dispatched_at" IS NULL OR ("shipments"."collected_by_name" IS NOT NULL AND "shipments"."id_asked" IS NOT NULL AND "shipments"."id_seen" IS NOT NULL))
);
--> statement-breakpoint
CREATE INDEX `shipments_dispatched` ON `shipments` (`dispatched_at`);