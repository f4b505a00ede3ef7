-- A year's store smaller where it costs least. Outbox events of a request closed a week are packed
-- together (`outbox_closed`, keyed by the request alone: WITHOUT ROWID keeps no second copy of the
-- key); `outbox_ungrouped` finds those still packed alone, and empties as they are grouped.
-- Indexes that cost more than they earn: `row_seals_row` held every seal a second time, in the
-- order only audit.verify reads (it now sorts the seals once a check). A parcel's number had two
-- indexes: one, tracking number first, keeps a carrier's numbers unique and finds a parcel by its
-- number alone. The indexes of a request's events and print jobs named the id, which every index
-- entry already ends with (the rowid): the same order, without keeping it twice.
CREATE TABLE `outbox_closed` (
	`request_id` text PRIMARY KEY NOT NULL,
	`events` blob NOT NULL
) WITHOUT ROWID;
--> statement-breakpoint
DROP INDEX `row_seals_row`;--> statement-breakpoint
DROP INDEX `parcels_tracking_lookup`;--> statement-breakpoint
DROP INDEX `parcels_tracking`;--> statement-breakpoint
CREATE UNIQUE INDEX `parcels_tracking` ON `parcels` (`tracking_number`,`carrier`) WHERE "parcels"."tracking_number" IS NOT NULL;--> statement-breakpoint
DROP INDEX `outbox_request`;--> statement-breakpoint
CREATE INDEX `outbox_ungrouped` ON `outbox` (`request_id`) WHERE length("event_packed") > 0;--> statement-breakpoint
CREATE INDEX `outbox_request` ON `outbox` (`request_id`);--> statement-breakpoint
DROP INDEX `print_jobs_request`;--> statement-breakpoint
CREATE INDEX `print_jobs_request` ON `print_jobs` (`request_id`);