DROP INDEX `parcels_request_no`;--> statement-breakpoint
CREATE UNIQUE INDEX `parcels_request_dispatch_no` ON `parcels` (`request_id`,`dispatched_at`,`parcel_no`);