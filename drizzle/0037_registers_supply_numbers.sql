-- Every supply of a request has its entries: a parcel returned to sender and sent again (or the
-- request dispensed again after a query) is a second supply, numbered per request (`supply_no`,
-- the request's dispatch), and gets its own rows. Rows already written are kept as they are, as
-- supply 1, with their seals: a row's digest names `supply_no` only where it is not 1, so every
-- digest sealed before still verifies (and a number changed either way is found). The supplies
-- table is rebuilt because its key changes (request and supply number); its triggers go with the
-- old table and are made again. The append and seal triggers of the POM and CD registers are made
-- again so that the second supply's rows are allowed, once, and sealed with their number.
DROP INDEX `cd_register_supply_once`;--> statement-breakpoint
ALTER TABLE `cd_register_entries` ADD `supply_no` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `cd_register_supply_once` ON `cd_register_entries` (`section_id`,`request_id`,`line_id`,`supply_no`) WHERE "cd_register_entries"."kind" = 'supply';--> statement-breakpoint
DROP INDEX `pom_register_supply_once`;--> statement-breakpoint
ALTER TABLE `pom_register_entries` ADD `supply_no` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `pom_register_supply_once` ON `pom_register_entries` (`request_id`,`line_id`,`supply_no`) WHERE "pom_register_entries"."kind" = 'supply';--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_register_supplies` (
	`request_id` text NOT NULL,
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
	`supply_no` integer DEFAULT 1 NOT NULL,
	PRIMARY KEY(`request_id`, `supply_no`),
	CONSTRAINT "register_supplies_method" CHECK(("__new_register_supplies"."method" = 'carrier' AND "__new_register_supplies"."carrier" IS NOT NULL)
      OR ("__new_register_supplies"."method" = 'collect' AND "__new_register_supplies"."collected_by_name" IS NOT NULL AND "__new_register_supplies"."id_asked" IS NOT NULL AND "__new_register_supplies"."id_seen" IS NOT NULL))
);
--> statement-breakpoint
INSERT INTO `__new_register_supplies`("request_id", "supplied_at", "supply_date", "method", "carrier", "service", "tracking_numbers", "collected_by_name", "collected_relation", "id_asked", "id_seen", "patient_name", "patient_address", "recorded_by_id", "recorded_by_name", "supply_no") SELECT "request_id", "supplied_at", "supply_date", "method", "carrier", "service", "tracking_numbers", "collected_by_name", "collected_relation", "id_asked", "id_seen", "patient_name", "patient_address", "recorded_by_id", "recorded_by_name", 1 FROM `register_supplies` ORDER BY rowid;--> statement-breakpoint
DROP TABLE `register_supplies`;--> statement-breakpoint
ALTER TABLE `__new_register_supplies` RENAME TO `register_supplies`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `register_supplies_date` ON `register_supplies` (`supply_date`);
--> statement-breakpoint
CREATE TRIGGER register_supplies_no_update BEFORE UPDATE ON register_supplies
BEGIN
  SELECT RAISE(ABORT, 'register_supplies is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER register_supplies_no_delete BEFORE DELETE ON register_supplies
BEGIN
  SELECT RAISE(ABORT, 'register_supplies is append-only');
END;
--> statement-breakpoint
-- Only the request's next supply may be added: never one in place of another (REPLACE, UPSERT).
CREATE TRIGGER register_supplies_append_at_end BEFORE INSERT ON register_supplies
WHEN NEW.supply_no IS NOT COALESCE((SELECT MAX(supply_no) FROM register_supplies WHERE request_id = NEW.request_id), 0) + 1
BEGIN
  SELECT RAISE(ABORT, 'register_supplies is append-only: a row may only be added after the last, never in place of one');
END;
--> statement-breakpoint
-- A first supply is sealed under its request's id, as before; a later one under a key no id (up to
-- 64 characters) nor other key can be: a 64-character field, the number and the id.
CREATE TRIGGER register_supplies_seal AFTER INSERT ON register_supplies
BEGIN
  INSERT INTO row_seals (seq, table_name, row_key, row_digest, mac)
  SELECT s.seq, 'register_supplies', s.row_key, unhex(s.digest), unhex(counter_seal_mac(s.seq, 'register_supplies', s.row_key, s.digest, s.prev))
  FROM (SELECT COALESCE((SELECT MAX(seq) FROM row_seals), 0) + 1 AS seq,
          CASE WHEN NEW.supply_no = 1 THEN NEW.request_id ELSE printf('%-64s|%d|%s', 'supply', NEW.supply_no, NEW.request_id) END AS row_key,
          counter_row_digest(CASE WHEN NEW.supply_no = 1 THEN json_array(NEW.request_id, NEW.supplied_at, NEW.supply_date, NEW.method, NEW.carrier, NEW.service, NEW.tracking_numbers, NEW.collected_by_name, NEW.collected_relation, NEW.id_asked, NEW.id_seen, NEW.patient_name, NEW.patient_address, NEW.recorded_by_id, NEW.recorded_by_name) ELSE json_array(NEW.request_id, NEW.supplied_at, NEW.supply_date, NEW.method, NEW.carrier, NEW.service, NEW.tracking_numbers, NEW.collected_by_name, NEW.collected_relation, NEW.id_asked, NEW.id_seen, NEW.patient_name, NEW.patient_address, NEW.recorded_by_id, NEW.recorded_by_name, NEW.supply_no) END) AS digest,
          COALESCE((SELECT lower(hex(mac)) FROM row_seals ORDER BY seq DESC LIMIT 1), '') AS prev) AS s;
END;
--> statement-breakpoint
DROP TRIGGER pom_register_entries_append_at_end;
--> statement-breakpoint
CREATE TRIGGER pom_register_entries_append_at_end BEFORE INSERT ON pom_register_entries
WHEN (NEW.id <> -1 AND NEW.id <= COALESCE((SELECT MAX(id) FROM pom_register_entries), 0))
  OR (NEW.kind = 'supply' AND EXISTS (SELECT 1 FROM pom_register_entries WHERE kind = 'supply' AND request_id = NEW.request_id AND line_id = NEW.line_id AND supply_no = NEW.supply_no))
BEGIN
  SELECT RAISE(ABORT, 'pom_register_entries is append-only: a row may only be added after the last, never in place of one');
END;
--> statement-breakpoint
DROP TRIGGER pom_register_entries_seal;
--> statement-breakpoint
CREATE TRIGGER pom_register_entries_seal AFTER INSERT ON pom_register_entries
BEGIN
  INSERT INTO row_seals (seq, table_name, row_key, row_digest, mac)
  SELECT s.seq, 'pom_register_entries', s.row_key, unhex(s.digest), unhex(counter_seal_mac(s.seq, 'pom_register_entries', s.row_key, s.digest, s.prev))
  FROM (SELECT COALESCE((SELECT MAX(seq) FROM row_seals), 0) + 1 AS seq,
          NEW.id AS row_key,
          counter_row_digest(CASE WHEN NEW.supply_no = 1 THEN json_array(NEW.id, NEW.kind, NEW.corrects_entry_id, NEW.request_id, NEW.line_id, NEW.supplied_at, NEW.supply_date, NEW.dmd_id, NEW.medicine_name, NEW.strength, NEW.form, NEW.quantity, NEW.unit, NEW.packs_supplied, NEW.prescriber_name, NEW.prescriber_address, NEW.prescriber_registration, NEW.patient_name, NEW.patient_address, NEW.patient_address_is_delivery, NEW.prescription_date, NEW.prescription_date_note, NEW.prescription_reference, NEW.emergency_supply, NEW.emergency_prescription_received, NEW.emergency_nature, NEW.recorded_at, NEW.recorded_by_id, NEW.recorded_by_name, NEW.note) ELSE json_array(NEW.id, NEW.kind, NEW.corrects_entry_id, NEW.request_id, NEW.line_id, NEW.supplied_at, NEW.supply_date, NEW.dmd_id, NEW.medicine_name, NEW.strength, NEW.form, NEW.quantity, NEW.unit, NEW.packs_supplied, NEW.prescriber_name, NEW.prescriber_address, NEW.prescriber_registration, NEW.patient_name, NEW.patient_address, NEW.patient_address_is_delivery, NEW.prescription_date, NEW.prescription_date_note, NEW.prescription_reference, NEW.emergency_supply, NEW.emergency_prescription_received, NEW.emergency_nature, NEW.recorded_at, NEW.recorded_by_id, NEW.recorded_by_name, NEW.note, NEW.supply_no) END) AS digest,
          COALESCE((SELECT lower(hex(mac)) FROM row_seals ORDER BY seq DESC LIMIT 1), '') AS prev) AS s;
END;
--> statement-breakpoint
DROP TRIGGER cd_register_entries_append_at_end;
--> statement-breakpoint
CREATE TRIGGER cd_register_entries_append_at_end BEFORE INSERT ON cd_register_entries
WHEN (NEW.id <> -1 AND NEW.id <= COALESCE((SELECT MAX(id) FROM cd_register_entries), 0))
  OR EXISTS (SELECT 1 FROM cd_register_entries WHERE receipt_line_id = NEW.receipt_line_id)
  OR (NEW.kind = 'supply' AND EXISTS (SELECT 1 FROM cd_register_entries WHERE kind = 'supply' AND section_id = NEW.section_id AND request_id = NEW.request_id AND line_id = NEW.line_id AND supply_no = NEW.supply_no))
BEGIN
  SELECT RAISE(ABORT, 'cd_register_entries is append-only: a row may only be added after the last, never in place of one');
END;
--> statement-breakpoint
DROP TRIGGER cd_register_entries_seal;
--> statement-breakpoint
CREATE TRIGGER cd_register_entries_seal AFTER INSERT ON cd_register_entries
BEGIN
  INSERT INTO row_seals (seq, table_name, row_key, row_digest, mac)
  SELECT s.seq, 'cd_register_entries', s.row_key, unhex(s.digest), unhex(counter_seal_mac(s.seq, 'cd_register_entries', s.row_key, s.digest, s.prev))
  FROM (SELECT COALESCE((SELECT MAX(seq) FROM row_seals), 0) + 1 AS seq,
          NEW.id AS row_key,
          counter_row_digest(CASE WHEN NEW.supply_no = 1 THEN json_array(NEW.id, NEW.section_id, NEW.seq, NEW.kind, NEW.at, NEW.entry_date, NEW.change_milli, NEW.balance_milli, NEW.supplier_name, NEW.supplier_address, NEW.product_detail, NEW.receipt_line_id, NEW.request_id, NEW.line_id, NEW.patient_name, NEW.patient_address, NEW.prescriber_name, NEW.prescriber_address, NEW.prescriber_registration, NEW.handover_method, NEW.collected_by, NEW.id_asked, NEW.id_seen, NEW.corrects_entry_id, NEW.note, NEW.recorded_by_id, NEW.recorded_by_name) ELSE json_array(NEW.id, NEW.section_id, NEW.seq, NEW.kind, NEW.at, NEW.entry_date, NEW.change_milli, NEW.balance_milli, NEW.supplier_name, NEW.supplier_address, NEW.product_detail, NEW.receipt_line_id, NEW.request_id, NEW.line_id, NEW.patient_name, NEW.patient_address, NEW.prescriber_name, NEW.prescriber_address, NEW.prescriber_registration, NEW.handover_method, NEW.collected_by, NEW.id_asked, NEW.id_seen, NEW.corrects_entry_id, NEW.note, NEW.recorded_by_id, NEW.recorded_by_name, NEW.supply_no) END) AS digest,
          COALESCE((SELECT lower(hex(mac)) FROM row_seals ORDER BY seq DESC LIMIT 1), '') AS prev) AS s;
END;
