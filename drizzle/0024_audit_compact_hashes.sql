-- The audit trail kept smaller: each entry's hash as its 32 bytes instead of 64 hex characters, and
-- the hash of the entry before not kept again in every row (it is that entry's own hash). What is
-- hashed does not change (the hex text of both), so every chain written before still verifies and
-- the head recorded outside the store still names the same entry and hash. Every entry is copied in
-- order; a hash that is not hex (never written by the app) is kept as its text's bytes, so that the
-- entry stays and still fails to verify. The table's protection is put back as it was.
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_audit_log` (
	`seq` integer PRIMARY KEY NOT NULL,
	`at` text NOT NULL,
	`actor_id` text,
	`actor_name` text,
	`command` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text,
	`summary` text NOT NULL,
	`hash` blob NOT NULL
);
--> statement-breakpoint
INSERT INTO `__new_audit_log`("seq", "at", "actor_id", "actor_name", "command", "entity_type", "entity_id", "summary", "hash") SELECT "seq", "at", "actor_id", "actor_name", "command", "entity_type", "entity_id", "summary", COALESCE(unhex("hash"), CAST("hash" AS BLOB)) FROM `audit_log` ORDER BY "seq";--> statement-breakpoint
DROP TABLE `audit_log`;--> statement-breakpoint
ALTER TABLE `__new_audit_log` RENAME TO `audit_log`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `audit_log_entity_id` ON `audit_log` (`entity_id`,`seq`);--> statement-breakpoint
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_at_end BEFORE INSERT ON audit_log
WHEN NEW.seq IS NOT COALESCE((SELECT MAX(seq) FROM audit_log), 0) + 1
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only: only the next entry may be added');
END;
