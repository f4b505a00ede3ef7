-- Custom SQL migration file, put your code below! ---- Requests stored before the patient's record: their patient columns from the snapshot. The
-- name in the match key is only lower-cased here (SQLite folds ASCII alone); the next version of
-- each request writes the full key.
UPDATE requests SET
  patient_id = COALESCE(json_extract(snapshot, '$.patient.id'), ''),
  patient_dob = COALESCE(json_extract(snapshot, '$.patient.dateOfBirth'), ''),
  patient_postcode = upper(replace(COALESCE(json_extract(snapshot, '$.delivery.address.postcode'), ''), ' ', '')),
  patient_match_key = lower(COALESCE(json_extract(snapshot, '$.patient.name.given'), '') || ' ' || COALESCE(json_extract(snapshot, '$.patient.name.family'), ''))
    || '|' || COALESCE(json_extract(snapshot, '$.patient.dateOfBirth'), '')
    || '|' || upper(replace(COALESCE(json_extract(snapshot, '$.delivery.address.postcode'), ''), ' ', ''));
--> statement-breakpoint
-- Clinical checks made after labelling, as early versions did, become approvals of the version
-- then stored.
INSERT INTO clinical_checks (request_id, outcome, note, by_id, by_name, gphc_number, at, version, flags_seen)
SELECT d.request_id, 'approved', NULL, d.clinical_check_by_id, d.clinical_check_by_name, NULL, d.clinical_check_at, r.version, '[]'
FROM dispensing_checks d JOIN requests r ON r.id = d.request_id
WHERE d.clinical_check_by_id IS NOT NULL AND d.clinical_check_at IS NOT NULL;
--> statement-breakpoint
-- A clinical check is never deleted; an approval may be voided once, and nothing else changes.
CREATE TRIGGER clinical_checks_no_delete BEFORE DELETE ON clinical_checks
BEGIN
  SELECT RAISE(ABORT, 'clinical_checks keeps every decision');
END;
--> statement-breakpoint
CREATE TRIGGER clinical_checks_void_once BEFORE UPDATE ON clinical_checks
WHEN OLD.voided_at IS NOT NULL OR NEW.voided_at IS NULL
  OR NEW.request_id IS NOT OLD.request_id OR NEW.outcome IS NOT OLD.outcome OR NEW.note IS NOT OLD.note
  OR NEW.by_id IS NOT OLD.by_id OR NEW.by_name IS NOT OLD.by_name OR NEW.gphc_number IS NOT OLD.gphc_number
  OR NEW.at IS NOT OLD.at OR NEW.version IS NOT OLD.version OR NEW.flags_seen IS NOT OLD.flags_seen
BEGIN
  SELECT RAISE(ABORT, 'a clinical check is only ever voided, once');
END;
--> statement-breakpoint
CREATE TRIGGER staff_notes_no_update BEFORE UPDATE ON staff_notes
BEGIN
  SELECT RAISE(ABORT, 'staff_notes is append-only: add a new note');
END;
--> statement-breakpoint
CREATE TRIGGER staff_notes_no_delete BEFORE DELETE ON staff_notes
BEGIN
  SELECT RAISE(ABORT, 'staff_notes is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER patient_identity_no_update BEFORE UPDATE ON patient_identity_decisions
BEGIN
  SELECT RAISE(ABORT, 'patient_identity_decisions is append-only: record a new decision');
END;
--> statement-breakpoint
CREATE TRIGGER patient_identity_no_delete BEFORE DELETE ON patient_identity_decisions
BEGIN
  SELECT RAISE(ABORT, 'patient_identity_decisions is append-only');
END;
