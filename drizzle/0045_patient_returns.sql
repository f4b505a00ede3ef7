CREATE TABLE `patient_return_destructions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`return_id` integer NOT NULL,
	`destroyed_at` text NOT NULL,
	`destroyed_by_id` text NOT NULL,
	`destroyed_by_name` text NOT NULL,
	`witness` text NOT NULL,
	FOREIGN KEY (`return_id`) REFERENCES `patient_returns`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "patient_return_witness" CHECK(length(trim("patient_return_destructions"."witness")) > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `patient_return_destroyed_once` ON `patient_return_destructions` (`return_id`);--> statement-breakpoint
CREATE TABLE `patient_returns` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`request_id` text NOT NULL,
	`line_id` text NOT NULL,
	`received_at` text NOT NULL,
	`received_date` text NOT NULL,
	`patient_name` text NOT NULL,
	`dmd_id` text NOT NULL,
	`drug` text NOT NULL,
	`form` text,
	`strength` text,
	`quantity_milli` integer NOT NULL,
	`unit` text NOT NULL,
	`note` text,
	`received_by_id` text NOT NULL,
	`received_by_name` text NOT NULL,
	CONSTRAINT "patient_returns_quantity" CHECK("patient_returns"."quantity_milli" > 0)
);
--> statement-breakpoint
CREATE INDEX `patient_returns_date` ON `patient_returns` (`received_date`);--> statement-breakpoint
CREATE INDEX `patient_returns_request` ON `patient_returns` (`request_id`);--> statement-breakpoint
-- Patient-returned CDs and their destruction stay as recorded: no edit, no deletion, and no row put
-- in place of another (REPLACE removes a row without firing a DELETE trigger).
CREATE TRIGGER patient_returns_no_update BEFORE UPDATE ON patient_returns
BEGIN
  SELECT RAISE(ABORT, 'patient_returns is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER patient_returns_no_delete BEFORE DELETE ON patient_returns
BEGIN
  SELECT RAISE(ABORT, 'patient_returns is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER patient_returns_append_at_end BEFORE INSERT ON patient_returns
WHEN NEW.id <> -1 AND NEW.id <= COALESCE((SELECT MAX(id) FROM patient_returns), 0)
BEGIN
  SELECT RAISE(ABORT, 'patient_returns is append-only: a row may only be added after the last');
END;
--> statement-breakpoint
CREATE TRIGGER patient_return_destructions_no_update BEFORE UPDATE ON patient_return_destructions
BEGIN
  SELECT RAISE(ABORT, 'patient_return_destructions is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER patient_return_destructions_no_delete BEFORE DELETE ON patient_return_destructions
BEGIN
  SELECT RAISE(ABORT, 'patient_return_destructions is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER patient_return_destructions_append_at_end BEFORE INSERT ON patient_return_destructions
WHEN (NEW.id <> -1 AND NEW.id <= COALESCE((SELECT MAX(id) FROM patient_return_destructions), 0))
  OR EXISTS (SELECT 1 FROM patient_return_destructions WHERE return_id = NEW.return_id)
BEGIN
  SELECT RAISE(ABORT, 'patient_return_destructions is append-only: a return is destroyed once');
END;
