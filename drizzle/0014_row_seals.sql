CREATE TABLE `row_seals` (
	`seq` integer PRIMARY KEY NOT NULL,
	`table_name` text NOT NULL,
	`row_key` text NOT NULL,
	`row_digest` text NOT NULL,
	`prev_mac` text NOT NULL,
	`mac` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `row_seals_row` ON `row_seals` (`table_name`,`row_key`,`seq`);