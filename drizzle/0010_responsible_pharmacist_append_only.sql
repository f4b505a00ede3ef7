-- The Responsible Pharmacist record is append-only (RP Regulations 2008, reg 5): a period or an
-- absence is closed once and then never changes; nothing is deleted. Only the closing columns may
-- be filled in, and only while still empty.
CREATE TRIGGER rp_periods_close_once BEFORE UPDATE ON rp_periods
WHEN OLD.ended_at IS NOT NULL OR NEW.ended_at IS NULL
  OR NEW.id IS NOT OLD.id OR NEW.pharmacist_id IS NOT OLD.pharmacist_id
  OR NEW.pharmacist_name IS NOT OLD.pharmacist_name OR NEW.gphc_number IS NOT OLD.gphc_number
  OR NEW.started_at IS NOT OLD.started_at OR NEW.ended_at < OLD.started_at
BEGIN
  SELECT RAISE(ABORT, 'rp_periods is append-only: a period may only be closed, once');
END;
--> statement-breakpoint
CREATE TRIGGER rp_periods_no_delete BEFORE DELETE ON rp_periods
BEGIN
  SELECT RAISE(ABORT, 'rp_periods is append-only');
END;
--> statement-breakpoint
-- A period closes only once its absences have ended (the handler ends them at the same instant).
CREATE TRIGGER rp_periods_close_after_absences BEFORE UPDATE OF ended_at ON rp_periods
WHEN EXISTS (SELECT 1 FROM rp_absences WHERE period_id = NEW.id AND returned_at IS NULL)
BEGIN
  SELECT RAISE(ABORT, 'an RP period cannot close while its absence is open');
END;
--> statement-breakpoint
CREATE TRIGGER rp_absences_return_once BEFORE UPDATE ON rp_absences
WHEN OLD.returned_at IS NOT NULL OR NEW.returned_at IS NULL
  OR NEW.id IS NOT OLD.id OR NEW.period_id IS NOT OLD.period_id
  OR NEW.started_at IS NOT OLD.started_at OR NEW.returned_at < OLD.started_at
BEGIN
  SELECT RAISE(ABORT, 'rp_absences is append-only: an absence may only be ended, once');
END;
--> statement-breakpoint
CREATE TRIGGER rp_absences_no_delete BEFORE DELETE ON rp_absences
BEGIN
  SELECT RAISE(ABORT, 'rp_absences is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER rp_absences_open_period BEFORE INSERT ON rp_absences
WHEN (SELECT ended_at FROM rp_periods WHERE id = NEW.period_id) IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'an absence can be recorded only while its RP period is open');
END;
