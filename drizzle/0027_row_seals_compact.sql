-- The register seals kept smaller, like the audit trail: each digest and MAC as its 32 bytes
-- instead of 64 hex characters, and the MAC before not kept again in every seal (it is the
-- previous seal's). What is MACed does not change (the hex text of each), so every seal written
-- before still verifies and the seals' head recorded outside the store still names the same seal.
-- The seal triggers of the register tables are set aside while the table is rebuilt (a trigger
-- naming a table that is gone stops the rename) and made again to write the new layout; the
-- seals' own protection is put back as it was.
DROP TRIGGER register_supplies_seal;
--> statement-breakpoint
DROP TRIGGER pom_register_entries_seal;
--> statement-breakpoint
DROP TRIGGER cd_register_sections_seal;
--> statement-breakpoint
DROP TRIGGER cd_register_entries_seal;
--> statement-breakpoint
DROP TRIGGER rp_periods_seal;
--> statement-breakpoint
DROP TRIGGER rp_periods_seal_close;
--> statement-breakpoint
DROP TRIGGER rp_absences_seal;
--> statement-breakpoint
DROP TRIGGER rp_absences_seal_close;
--> statement-breakpoint
DROP TRIGGER stock_movements_seal;
--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_row_seals` (
	`seq` integer PRIMARY KEY NOT NULL,
	`table_name` text NOT NULL,
	`row_key` text NOT NULL,
	`row_digest` blob NOT NULL,
	`mac` blob NOT NULL
);
--> statement-breakpoint
INSERT INTO `__new_row_seals`("seq", "table_name", "row_key", "row_digest", "mac") SELECT "seq", "table_name", "row_key", COALESCE(unhex("row_digest"), CAST("row_digest" AS BLOB)), COALESCE(unhex("mac"), CAST("mac" AS BLOB)) FROM `row_seals` ORDER BY "seq";--> statement-breakpoint
DROP TABLE `row_seals`;--> statement-breakpoint
ALTER TABLE `__new_row_seals` RENAME TO `row_seals`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `row_seals_row` ON `row_seals` (`table_name`,`row_key`,`seq`);--> statement-breakpoint
CREATE TRIGGER row_seals_no_update BEFORE UPDATE ON row_seals
BEGIN
  SELECT RAISE(ABORT, 'row_seals is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER row_seals_no_delete BEFORE DELETE ON row_seals
BEGIN
  SELECT RAISE(ABORT, 'row_seals is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER row_seals_append_at_end BEFORE INSERT ON row_seals
WHEN NEW.seq IS NOT COALESCE((SELECT MAX(seq) FROM row_seals), 0) + 1
BEGIN
  SELECT RAISE(ABORT, 'row_seals is append-only: only the next seal may be added');
END;
--> statement-breakpoint
CREATE TRIGGER register_supplies_seal AFTER INSERT ON register_supplies
BEGIN
  INSERT INTO row_seals (seq, table_name, row_key, row_digest, mac)
  SELECT s.seq, 'register_supplies', NEW.request_id, unhex(s.digest), unhex(counter_seal_mac(s.seq, 'register_supplies', NEW.request_id, s.digest, s.prev))
  FROM (SELECT COALESCE((SELECT MAX(seq) FROM row_seals), 0) + 1 AS seq,
          counter_row_digest(json_array(NEW.request_id, NEW.supplied_at, NEW.supply_date, NEW.method, NEW.carrier, NEW.service, NEW.tracking_numbers, NEW.collected_by_name, NEW.collected_relation, NEW.id_asked, NEW.id_seen, NEW.patient_name, NEW.patient_address, NEW.recorded_by_id, NEW.recorded_by_name)) AS digest,
          COALESCE((SELECT lower(hex(mac)) FROM row_seals ORDER BY seq DESC LIMIT 1), '') AS prev) AS s;
END;
--> statement-breakpoint
CREATE TRIGGER pom_register_entries_seal AFTER INSERT ON pom_register_entries
BEGIN
  INSERT INTO row_seals (seq, table_name, row_key, row_digest, mac)
  SELECT s.seq, 'pom_register_entries', NEW.id, unhex(s.digest), unhex(counter_seal_mac(s.seq, 'pom_register_entries', NEW.id, s.digest, s.prev))
  FROM (SELECT COALESCE((SELECT MAX(seq) FROM row_seals), 0) + 1 AS seq,
          counter_row_digest(json_array(NEW.id, NEW.kind, NEW.corrects_entry_id, NEW.request_id, NEW.line_id, NEW.supplied_at, NEW.supply_date, NEW.dmd_id, NEW.medicine_name, NEW.strength, NEW.form, NEW.quantity, NEW.unit, NEW.packs_supplied, NEW.prescriber_name, NEW.prescriber_address, NEW.prescriber_registration, NEW.patient_name, NEW.patient_address, NEW.patient_address_is_delivery, NEW.prescription_date, NEW.prescription_date_note, NEW.prescription_reference, NEW.emergency_supply, NEW.emergency_prescription_received, NEW.emergency_nature, NEW.recorded_at, NEW.recorded_by_id, NEW.recorded_by_name, NEW.note)) AS digest,
          COALESCE((SELECT lower(hex(mac)) FROM row_seals ORDER BY seq DESC LIMIT 1), '') AS prev) AS s;
END;
--> statement-breakpoint
CREATE TRIGGER cd_register_sections_seal AFTER INSERT ON cd_register_sections
BEGIN
  INSERT INTO row_seals (seq, table_name, row_key, row_digest, mac)
  SELECT s.seq, 'cd_register_sections', NEW.id, unhex(s.digest), unhex(counter_seal_mac(s.seq, 'cd_register_sections', NEW.id, s.digest, s.prev))
  FROM (SELECT COALESCE((SELECT MAX(seq) FROM row_seals), 0) + 1 AS seq,
          counter_row_digest(json_array(NEW.id, NEW.vmp_id, NEW.drug, NEW.form, NEW.strength, NEW.unit, NEW.opened_at)) AS digest,
          COALESCE((SELECT lower(hex(mac)) FROM row_seals ORDER BY seq DESC LIMIT 1), '') AS prev) AS s;
END;
--> statement-breakpoint
CREATE TRIGGER cd_register_entries_seal AFTER INSERT ON cd_register_entries
BEGIN
  INSERT INTO row_seals (seq, table_name, row_key, row_digest, mac)
  SELECT s.seq, 'cd_register_entries', NEW.id, unhex(s.digest), unhex(counter_seal_mac(s.seq, 'cd_register_entries', NEW.id, s.digest, s.prev))
  FROM (SELECT COALESCE((SELECT MAX(seq) FROM row_seals), 0) + 1 AS seq,
          counter_row_digest(json_array(NEW.id, NEW.section_id, NEW.seq, NEW.kind, NEW.at, NEW.entry_date, NEW.change_milli, NEW.balance_milli, NEW.supplier_name, NEW.supplier_address, NEW.product_detail, NEW.receipt_line_id, NEW.request_id, NEW.line_id, NEW.patient_name, NEW.patient_address, NEW.prescriber_name, NEW.prescriber_address, NEW.prescriber_registration, NEW.handover_method, NEW.collected_by, NEW.id_asked, NEW.id_seen, NEW.corrects_entry_id, NEW.note, NEW.recorded_by_id, NEW.recorded_by_name)) AS digest,
          COALESCE((SELECT lower(hex(mac)) FROM row_seals ORDER BY seq DESC LIMIT 1), '') AS prev) AS s;
END;
--> statement-breakpoint
CREATE TRIGGER rp_periods_seal AFTER INSERT ON rp_periods
BEGIN
  INSERT INTO row_seals (seq, table_name, row_key, row_digest, mac)
  SELECT s.seq, 'rp_periods', NEW.id, unhex(s.digest), unhex(counter_seal_mac(s.seq, 'rp_periods', NEW.id, s.digest, s.prev))
  FROM (SELECT COALESCE((SELECT MAX(seq) FROM row_seals), 0) + 1 AS seq,
          counter_row_digest(json_array(NEW.id, NEW.pharmacist_id, NEW.pharmacist_name, NEW.gphc_number, NEW.started_at, NEW.ended_at, NEW.ended_by_id, NEW.ended_by_name, NEW.end_reason)) AS digest,
          COALESCE((SELECT lower(hex(mac)) FROM row_seals ORDER BY seq DESC LIMIT 1), '') AS prev) AS s;
END;
--> statement-breakpoint
CREATE TRIGGER rp_periods_seal_close AFTER UPDATE ON rp_periods
BEGIN
  INSERT INTO row_seals (seq, table_name, row_key, row_digest, mac)
  SELECT s.seq, 'rp_periods', NEW.id, unhex(s.digest), unhex(counter_seal_mac(s.seq, 'rp_periods', NEW.id, s.digest, s.prev))
  FROM (SELECT COALESCE((SELECT MAX(seq) FROM row_seals), 0) + 1 AS seq,
          counter_row_digest(json_array(NEW.id, NEW.pharmacist_id, NEW.pharmacist_name, NEW.gphc_number, NEW.started_at, NEW.ended_at, NEW.ended_by_id, NEW.ended_by_name, NEW.end_reason)) AS digest,
          COALESCE((SELECT lower(hex(mac)) FROM row_seals ORDER BY seq DESC LIMIT 1), '') AS prev) AS s;
END;
--> statement-breakpoint
CREATE TRIGGER rp_absences_seal AFTER INSERT ON rp_absences
BEGIN
  INSERT INTO row_seals (seq, table_name, row_key, row_digest, mac)
  SELECT s.seq, 'rp_absences', NEW.id, unhex(s.digest), unhex(counter_seal_mac(s.seq, 'rp_absences', NEW.id, s.digest, s.prev))
  FROM (SELECT COALESCE((SELECT MAX(seq) FROM row_seals), 0) + 1 AS seq,
          counter_row_digest(json_array(NEW.id, NEW.period_id, NEW.started_at, NEW.returned_at)) AS digest,
          COALESCE((SELECT lower(hex(mac)) FROM row_seals ORDER BY seq DESC LIMIT 1), '') AS prev) AS s;
END;
--> statement-breakpoint
CREATE TRIGGER rp_absences_seal_close AFTER UPDATE ON rp_absences
BEGIN
  INSERT INTO row_seals (seq, table_name, row_key, row_digest, mac)
  SELECT s.seq, 'rp_absences', NEW.id, unhex(s.digest), unhex(counter_seal_mac(s.seq, 'rp_absences', NEW.id, s.digest, s.prev))
  FROM (SELECT COALESCE((SELECT MAX(seq) FROM row_seals), 0) + 1 AS seq,
          counter_row_digest(json_array(NEW.id, NEW.period_id, NEW.started_at, NEW.returned_at)) AS digest,
          COALESCE((SELECT lower(hex(mac)) FROM row_seals ORDER BY seq DESC LIMIT 1), '') AS prev) AS s;
END;
--> statement-breakpoint
CREATE TRIGGER stock_movements_seal AFTER INSERT ON stock_movements
BEGIN
  INSERT INTO row_seals (seq, table_name, row_key, row_digest, mac)
  SELECT s.seq, 'stock_movements', NEW.id, unhex(s.digest), unhex(counter_seal_mac(s.seq, 'stock_movements', NEW.id, s.digest, s.prev))
  FROM (SELECT COALESCE((SELECT MAX(seq) FROM row_seals), 0) + 1 AS seq,
          counter_row_digest(json_array(NEW.id, NEW.batch_id, NEW.kind, NEW.on_hand_delta_milli, NEW.reserved_delta_milli, NEW.reason, NEW.request_id, NEW.line_id, NEW.order_line_id, NEW.receipt_line_id, NEW.stock_take_id, NEW.actor_id, NEW.actor_name, NEW.at)) AS digest,
          COALESCE((SELECT lower(hex(mac)) FROM row_seals ORDER BY seq DESC LIMIT 1), '') AS prev) AS s;
END;
