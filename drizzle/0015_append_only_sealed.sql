-- Append-only means append-only. SQLite's REPLACE (INSERT OR REPLACE, REPLACE INTO) removes the row
-- it conflicts with without firing DELETE triggers (unless recursive_triggers is on, which a
-- connection other than the app's does not set), and an UPSERT rewrites it: so every append-only
-- table also refuses, before the insert, any row that is not a new one after the last.
CREATE TRIGGER audit_log_append_at_end BEFORE INSERT ON audit_log
WHEN NEW.seq IS NOT COALESCE((SELECT MAX(seq) FROM audit_log), 0) + 1
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only: only the next entry may be added');
END;
--> statement-breakpoint
-- The seals of the register rows: append-only like the trail.
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
CREATE TRIGGER register_supplies_append_at_end BEFORE INSERT ON register_supplies
WHEN EXISTS (SELECT 1 FROM register_supplies WHERE request_id = NEW.request_id)
BEGIN
  SELECT RAISE(ABORT, 'register_supplies is append-only: a row may only be added after the last, never in place of one');
END;
--> statement-breakpoint
CREATE TRIGGER register_supplies_seal AFTER INSERT ON register_supplies
BEGIN
  INSERT INTO row_seals (seq, table_name, row_key, row_digest, prev_mac, mac)
  SELECT s.seq, 'register_supplies', NEW.request_id, s.digest, s.prev, counter_seal_mac(s.seq, 'register_supplies', NEW.request_id, s.digest, s.prev)
  FROM (SELECT COALESCE((SELECT MAX(seq) FROM row_seals), 0) + 1 AS seq,
          counter_row_digest(json_array(NEW.request_id, NEW.supplied_at, NEW.supply_date, NEW.method, NEW.carrier, NEW.service, NEW.tracking_numbers, NEW.collected_by_name, NEW.collected_relation, NEW.id_asked, NEW.id_seen, NEW.patient_name, NEW.patient_address, NEW.recorded_by_id, NEW.recorded_by_name)) AS digest,
          COALESCE((SELECT mac FROM row_seals ORDER BY seq DESC LIMIT 1), '') AS prev) AS s;
END;
--> statement-breakpoint
CREATE TRIGGER pom_register_entries_append_at_end BEFORE INSERT ON pom_register_entries
WHEN (NEW.id <> -1 AND NEW.id <= COALESCE((SELECT MAX(id) FROM pom_register_entries), 0))
  OR (NEW.kind = 'supply' AND EXISTS (SELECT 1 FROM pom_register_entries WHERE kind = 'supply' AND request_id = NEW.request_id AND line_id = NEW.line_id))
BEGIN
  SELECT RAISE(ABORT, 'pom_register_entries is append-only: a row may only be added after the last, never in place of one');
END;
--> statement-breakpoint
CREATE TRIGGER pom_register_entries_seal AFTER INSERT ON pom_register_entries
BEGIN
  INSERT INTO row_seals (seq, table_name, row_key, row_digest, prev_mac, mac)
  SELECT s.seq, 'pom_register_entries', NEW.id, s.digest, s.prev, counter_seal_mac(s.seq, 'pom_register_entries', NEW.id, s.digest, s.prev)
  FROM (SELECT COALESCE((SELECT MAX(seq) FROM row_seals), 0) + 1 AS seq,
          counter_row_digest(json_array(NEW.id, NEW.kind, NEW.corrects_entry_id, NEW.request_id, NEW.line_id, NEW.supplied_at, NEW.supply_date, NEW.dmd_id, NEW.medicine_name, NEW.strength, NEW.form, NEW.quantity, NEW.unit, NEW.packs_supplied, NEW.prescriber_name, NEW.prescriber_address, NEW.prescriber_registration, NEW.patient_name, NEW.patient_address, NEW.patient_address_is_delivery, NEW.prescription_date, NEW.prescription_date_note, NEW.prescription_reference, NEW.emergency_supply, NEW.emergency_prescription_received, NEW.emergency_nature, NEW.recorded_at, NEW.recorded_by_id, NEW.recorded_by_name, NEW.note)) AS digest,
          COALESCE((SELECT mac FROM row_seals ORDER BY seq DESC LIMIT 1), '') AS prev) AS s;
END;
--> statement-breakpoint
CREATE TRIGGER cd_register_sections_append_at_end BEFORE INSERT ON cd_register_sections
WHEN (NEW.id <> -1 AND NEW.id <= COALESCE((SELECT MAX(id) FROM cd_register_sections), 0))
  OR EXISTS (SELECT 1 FROM cd_register_sections WHERE vmp_id = NEW.vmp_id)
BEGIN
  SELECT RAISE(ABORT, 'cd_register_sections is append-only: a row may only be added after the last, never in place of one');
END;
--> statement-breakpoint
CREATE TRIGGER cd_register_sections_seal AFTER INSERT ON cd_register_sections
BEGIN
  INSERT INTO row_seals (seq, table_name, row_key, row_digest, prev_mac, mac)
  SELECT s.seq, 'cd_register_sections', NEW.id, s.digest, s.prev, counter_seal_mac(s.seq, 'cd_register_sections', NEW.id, s.digest, s.prev)
  FROM (SELECT COALESCE((SELECT MAX(seq) FROM row_seals), 0) + 1 AS seq,
          counter_row_digest(json_array(NEW.id, NEW.vmp_id, NEW.drug, NEW.form, NEW.strength, NEW.unit, NEW.opened_at)) AS digest,
          COALESCE((SELECT mac FROM row_seals ORDER BY seq DESC LIMIT 1), '') AS prev) AS s;
END;
--> statement-breakpoint
CREATE TRIGGER cd_register_entries_append_at_end BEFORE INSERT ON cd_register_entries
WHEN (NEW.id <> -1 AND NEW.id <= COALESCE((SELECT MAX(id) FROM cd_register_entries), 0))
  OR EXISTS (SELECT 1 FROM cd_register_entries WHERE receipt_line_id = NEW.receipt_line_id)
  OR (NEW.kind = 'supply' AND EXISTS (SELECT 1 FROM cd_register_entries WHERE kind = 'supply' AND section_id = NEW.section_id AND request_id = NEW.request_id AND line_id = NEW.line_id))
BEGIN
  SELECT RAISE(ABORT, 'cd_register_entries is append-only: a row may only be added after the last, never in place of one');
END;
--> statement-breakpoint
CREATE TRIGGER cd_register_entries_seal AFTER INSERT ON cd_register_entries
BEGIN
  INSERT INTO row_seals (seq, table_name, row_key, row_digest, prev_mac, mac)
  SELECT s.seq, 'cd_register_entries', NEW.id, s.digest, s.prev, counter_seal_mac(s.seq, 'cd_register_entries', NEW.id, s.digest, s.prev)
  FROM (SELECT COALESCE((SELECT MAX(seq) FROM row_seals), 0) + 1 AS seq,
          counter_row_digest(json_array(NEW.id, NEW.section_id, NEW.seq, NEW.kind, NEW.at, NEW.entry_date, NEW.change_milli, NEW.balance_milli, NEW.supplier_name, NEW.supplier_address, NEW.product_detail, NEW.receipt_line_id, NEW.request_id, NEW.line_id, NEW.patient_name, NEW.patient_address, NEW.prescriber_name, NEW.prescriber_address, NEW.prescriber_registration, NEW.handover_method, NEW.collected_by, NEW.id_asked, NEW.id_seen, NEW.corrects_entry_id, NEW.note, NEW.recorded_by_id, NEW.recorded_by_name)) AS digest,
          COALESCE((SELECT mac FROM row_seals ORDER BY seq DESC LIMIT 1), '') AS prev) AS s;
END;
--> statement-breakpoint
CREATE TRIGGER rp_periods_append_at_end BEFORE INSERT ON rp_periods
WHEN (NEW.id <> -1 AND NEW.id <= COALESCE((SELECT MAX(id) FROM rp_periods), 0))
  OR (NEW.ended_at IS NULL AND EXISTS (SELECT 1 FROM rp_periods WHERE ended_at IS NULL))
BEGIN
  SELECT RAISE(ABORT, 'rp_periods is append-only: a row may only be added after the last, never in place of one');
END;
--> statement-breakpoint
CREATE TRIGGER rp_periods_seal AFTER INSERT ON rp_periods
BEGIN
  INSERT INTO row_seals (seq, table_name, row_key, row_digest, prev_mac, mac)
  SELECT s.seq, 'rp_periods', NEW.id, s.digest, s.prev, counter_seal_mac(s.seq, 'rp_periods', NEW.id, s.digest, s.prev)
  FROM (SELECT COALESCE((SELECT MAX(seq) FROM row_seals), 0) + 1 AS seq,
          counter_row_digest(json_array(NEW.id, NEW.pharmacist_id, NEW.pharmacist_name, NEW.gphc_number, NEW.started_at, NEW.ended_at, NEW.ended_by_id, NEW.ended_by_name, NEW.end_reason)) AS digest,
          COALESCE((SELECT mac FROM row_seals ORDER BY seq DESC LIMIT 1), '') AS prev) AS s;
END;
--> statement-breakpoint
CREATE TRIGGER rp_periods_seal_close AFTER UPDATE ON rp_periods
BEGIN
  INSERT INTO row_seals (seq, table_name, row_key, row_digest, prev_mac, mac)
  SELECT s.seq, 'rp_periods', NEW.id, s.digest, s.prev, counter_seal_mac(s.seq, 'rp_periods', NEW.id, s.digest, s.prev)
  FROM (SELECT COALESCE((SELECT MAX(seq) FROM row_seals), 0) + 1 AS seq,
          counter_row_digest(json_array(NEW.id, NEW.pharmacist_id, NEW.pharmacist_name, NEW.gphc_number, NEW.started_at, NEW.ended_at, NEW.ended_by_id, NEW.ended_by_name, NEW.end_reason)) AS digest,
          COALESCE((SELECT mac FROM row_seals ORDER BY seq DESC LIMIT 1), '') AS prev) AS s;
END;
--> statement-breakpoint
CREATE TRIGGER rp_absences_append_at_end BEFORE INSERT ON rp_absences
WHEN (NEW.id <> -1 AND NEW.id <= COALESCE((SELECT MAX(id) FROM rp_absences), 0))
  OR (NEW.returned_at IS NULL AND EXISTS (SELECT 1 FROM rp_absences WHERE period_id = NEW.period_id AND returned_at IS NULL))
BEGIN
  SELECT RAISE(ABORT, 'rp_absences is append-only: a row may only be added after the last, never in place of one');
END;
--> statement-breakpoint
CREATE TRIGGER rp_absences_seal AFTER INSERT ON rp_absences
BEGIN
  INSERT INTO row_seals (seq, table_name, row_key, row_digest, prev_mac, mac)
  SELECT s.seq, 'rp_absences', NEW.id, s.digest, s.prev, counter_seal_mac(s.seq, 'rp_absences', NEW.id, s.digest, s.prev)
  FROM (SELECT COALESCE((SELECT MAX(seq) FROM row_seals), 0) + 1 AS seq,
          counter_row_digest(json_array(NEW.id, NEW.period_id, NEW.started_at, NEW.returned_at)) AS digest,
          COALESCE((SELECT mac FROM row_seals ORDER BY seq DESC LIMIT 1), '') AS prev) AS s;
END;
--> statement-breakpoint
CREATE TRIGGER rp_absences_seal_close AFTER UPDATE ON rp_absences
BEGIN
  INSERT INTO row_seals (seq, table_name, row_key, row_digest, prev_mac, mac)
  SELECT s.seq, 'rp_absences', NEW.id, s.digest, s.prev, counter_seal_mac(s.seq, 'rp_absences', NEW.id, s.digest, s.prev)
  FROM (SELECT COALESCE((SELECT MAX(seq) FROM row_seals), 0) + 1 AS seq,
          counter_row_digest(json_array(NEW.id, NEW.period_id, NEW.started_at, NEW.returned_at)) AS digest,
          COALESCE((SELECT mac FROM row_seals ORDER BY seq DESC LIMIT 1), '') AS prev) AS s;
END;
--> statement-breakpoint
CREATE TRIGGER stock_movements_append_at_end BEFORE INSERT ON stock_movements
WHEN (NEW.id <> -1 AND NEW.id <= COALESCE((SELECT MAX(id) FROM stock_movements), 0))
BEGIN
  SELECT RAISE(ABORT, 'stock_movements is append-only: a row may only be added after the last, never in place of one');
END;
--> statement-breakpoint
CREATE TRIGGER stock_movements_seal AFTER INSERT ON stock_movements
BEGIN
  INSERT INTO row_seals (seq, table_name, row_key, row_digest, prev_mac, mac)
  SELECT s.seq, 'stock_movements', NEW.id, s.digest, s.prev, counter_seal_mac(s.seq, 'stock_movements', NEW.id, s.digest, s.prev)
  FROM (SELECT COALESCE((SELECT MAX(seq) FROM row_seals), 0) + 1 AS seq,
          counter_row_digest(json_array(NEW.id, NEW.batch_id, NEW.kind, NEW.on_hand_delta_milli, NEW.reserved_delta_milli, NEW.reason, NEW.request_id, NEW.line_id, NEW.order_line_id, NEW.receipt_line_id, NEW.stock_take_id, NEW.actor_id, NEW.actor_name, NEW.at)) AS digest,
          COALESCE((SELECT mac FROM row_seals ORDER BY seq DESC LIMIT 1), '') AS prev) AS s;
END;
