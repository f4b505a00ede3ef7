-- Custom SQL migration file, put your code below! ---- The registers are append-only (HMR 2012 reg 253; Misuse of Drugs Regulations 2001 reg 20: no
-- alteration, corrections only as dated entries). Refuse every UPDATE and DELETE.
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
CREATE TRIGGER pom_register_no_update BEFORE UPDATE ON pom_register_entries
BEGIN
  SELECT RAISE(ABORT, 'pom_register_entries is append-only: correct an entry with a new one');
END;
--> statement-breakpoint
CREATE TRIGGER pom_register_no_delete BEFORE DELETE ON pom_register_entries
BEGIN
  SELECT RAISE(ABORT, 'pom_register_entries is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER cd_register_sections_no_update BEFORE UPDATE ON cd_register_sections
BEGIN
  SELECT RAISE(ABORT, 'cd_register_sections is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER cd_register_sections_no_delete BEFORE DELETE ON cd_register_sections
BEGIN
  SELECT RAISE(ABORT, 'cd_register_sections is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER cd_register_no_update BEFORE UPDATE ON cd_register_entries
BEGIN
  SELECT RAISE(ABORT, 'cd_register_entries is append-only: correct an entry with a dated correcting entry');
END;
--> statement-breakpoint
CREATE TRIGGER cd_register_no_delete BEFORE DELETE ON cd_register_entries
BEGIN
  SELECT RAISE(ABORT, 'cd_register_entries is append-only');
END;
--> statement-breakpoint
-- Each entry follows the one before in its section: the next number, and the balance it leaves.
CREATE TRIGGER cd_register_running_balance BEFORE INSERT ON cd_register_entries
WHEN NEW.seq IS NOT COALESCE((SELECT MAX(seq) FROM cd_register_entries WHERE section_id = NEW.section_id), 0) + 1
  OR NEW.balance_milli IS NOT COALESCE((SELECT balance_milli FROM cd_register_entries WHERE section_id = NEW.section_id ORDER BY seq DESC LIMIT 1), 0) + NEW.change_milli
BEGIN
  SELECT RAISE(ABORT, 'a CD register entry must follow the last one in its section: the next number and the running balance');
END;
--> statement-breakpoint
-- A correction names an entry of the same register (and, for the CD register, the same section).
CREATE TRIGGER pom_register_corrects_same BEFORE INSERT ON pom_register_entries
WHEN NEW.corrects_entry_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM pom_register_entries WHERE id = NEW.corrects_entry_id AND request_id = NEW.request_id AND line_id = NEW.line_id)
BEGIN
  SELECT RAISE(ABORT, 'a POM register correction must name an entry of the same supply');
END;
--> statement-breakpoint
CREATE TRIGGER cd_register_corrects_same BEFORE INSERT ON cd_register_entries
WHEN NEW.corrects_entry_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM cd_register_entries WHERE id = NEW.corrects_entry_id AND section_id = NEW.section_id)
BEGIN
  SELECT RAISE(ABORT, 'a CD register correction must name an entry of the same section');
END;
