-- The prescriber's CD identification number of a Schedule 2 supply gets a column of its own; it was
-- written into the prescriber's text ("GMC 7012345; CD prescriber number 612345"), which entries
-- written before this keep as they are (a legal record is never rewritten). A column added, not a
-- table rebuilt: quick on a year's store. As with `supply_no` (0037), a row's digest names the number
-- only where it has one, so every row sealed before still verifies, and a number given to an old row
-- behind the app's back is found.
ALTER TABLE `cd_register_entries` ADD `prescriber_cd_number` text;--> statement-breakpoint
DROP TRIGGER cd_register_entries_seal;
--> statement-breakpoint
CREATE TRIGGER cd_register_entries_seal AFTER INSERT ON cd_register_entries
BEGIN
  INSERT INTO row_seals (seq, table_name, row_key, row_digest, mac)
  SELECT s.seq, 'cd_register_entries', s.row_key, unhex(s.digest), unhex(counter_seal_mac(s.seq, 'cd_register_entries', s.row_key, s.digest, s.prev))
  FROM (SELECT COALESCE((SELECT MAX(seq) FROM row_seals), 0) + 1 AS seq,
          NEW.id AS row_key,
          counter_row_digest(CASE WHEN NEW.supply_no = 1 THEN CASE WHEN NEW.prescriber_cd_number IS NULL THEN json_array(NEW.id, NEW.section_id, NEW.seq, NEW.kind, NEW.at, NEW.entry_date, NEW.change_milli, NEW.balance_milli, NEW.supplier_name, NEW.supplier_address, NEW.product_detail, NEW.receipt_line_id, NEW.request_id, NEW.line_id, NEW.patient_name, NEW.patient_address, NEW.prescriber_name, NEW.prescriber_address, NEW.prescriber_registration, NEW.handover_method, NEW.collected_by, NEW.id_asked, NEW.id_seen, NEW.corrects_entry_id, NEW.note, NEW.recorded_by_id, NEW.recorded_by_name) ELSE json_array(NEW.id, NEW.section_id, NEW.seq, NEW.kind, NEW.at, NEW.entry_date, NEW.change_milli, NEW.balance_milli, NEW.supplier_name, NEW.supplier_address, NEW.product_detail, NEW.receipt_line_id, NEW.request_id, NEW.line_id, NEW.patient_name, NEW.patient_address, NEW.prescriber_name, NEW.prescriber_address, NEW.prescriber_registration, NEW.handover_method, NEW.collected_by, NEW.id_asked, NEW.id_seen, NEW.corrects_entry_id, NEW.note, NEW.recorded_by_id, NEW.recorded_by_name, NEW.prescriber_cd_number) END ELSE CASE WHEN NEW.prescriber_cd_number IS NULL THEN json_array(NEW.id, NEW.section_id, NEW.seq, NEW.kind, NEW.at, NEW.entry_date, NEW.change_milli, NEW.balance_milli, NEW.supplier_name, NEW.supplier_address, NEW.product_detail, NEW.receipt_line_id, NEW.request_id, NEW.line_id, NEW.patient_name, NEW.patient_address, NEW.prescriber_name, NEW.prescriber_address, NEW.prescriber_registration, NEW.handover_method, NEW.collected_by, NEW.id_asked, NEW.id_seen, NEW.corrects_entry_id, NEW.note, NEW.recorded_by_id, NEW.recorded_by_name, NEW.supply_no) ELSE json_array(NEW.id, NEW.section_id, NEW.seq, NEW.kind, NEW.at, NEW.entry_date, NEW.change_milli, NEW.balance_milli, NEW.supplier_name, NEW.supplier_address, NEW.product_detail, NEW.receipt_line_id, NEW.request_id, NEW.line_id, NEW.patient_name, NEW.patient_address, NEW.prescriber_name, NEW.prescriber_address, NEW.prescriber_registration, NEW.handover_method, NEW.collected_by, NEW.id_asked, NEW.id_seen, NEW.corrects_entry_id, NEW.note, NEW.recorded_by_id, NEW.recorded_by_name, NEW.supply_no, NEW.prescriber_cd_number) END END) AS digest,
          COALESCE((SELECT lower(hex(mac)) FROM row_seals ORDER BY seq DESC LIMIT 1), '') AS prev) AS s;
END;
