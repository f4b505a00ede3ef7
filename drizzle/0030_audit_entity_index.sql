-- The trail read by entity id: seq is the rowid, which every index entry holds already, so the index
-- on (entity_id) alone gives an entity's entries in seq's order; naming seq as well kept it twice.
DROP INDEX `audit_log_entity_id`;--> statement-breakpoint
CREATE INDEX `audit_log_entity_id` ON `audit_log` (`entity_id`);