-- The audit trail kept smaller again: each entry's time as its milliseconds (when they give back
-- the same text), a member of staff's id as the 16 bytes of its UUID, the command and the kind of
-- entity as one byte when listed, and the summary packed by words (src/main/db/audit-packing.ts);
-- each reads back as the very text that was hashed, so every chain written before still verifies
-- and the head recorded outside the store still names the same entry and hash. The time, actor and
-- summary columns have no type and a text column keeps a blob as it is: SQLite converts nothing.
-- Every entry is copied in order, packed by the app's own functions (registered before migrations
-- run); anything they cannot give back exactly stays as its text. The table's protection is put
-- back as it was.
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_audit_log` (
	`seq` integer PRIMARY KEY NOT NULL,
	`at` blob NOT NULL,
	`actor_id` blob,
	`actor_name` text,
	`command` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text,
	`summary` blob NOT NULL,
	`hash` blob NOT NULL
);
--> statement-breakpoint
INSERT INTO `__new_audit_log`("seq", "at", "actor_id", "actor_name", "command", "entity_type", "entity_id", "summary", "hash") SELECT "seq", counter_audit_time("at"), counter_audit_actor("actor_id"), "actor_name", counter_audit_name("command"), counter_audit_name("entity_type"), "entity_id", counter_audit_summary("summary"), "hash" FROM `audit_log` ORDER BY "seq";--> statement-breakpoint
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
