ALTER TABLE `dispensing_checks` DROP COLUMN `clinical_check_by_id`;--> statement-breakpoint
ALTER TABLE `dispensing_checks` DROP COLUMN `clinical_check_by_name`;--> statement-breakpoint
ALTER TABLE `dispensing_checks` DROP COLUMN `clinical_check_at`;