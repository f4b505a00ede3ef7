CREATE TABLE `batch_levels` (
	`batch_id` integer PRIMARY KEY NOT NULL,
	`on_hand_milli` integer NOT NULL,
	`reserved_milli` integer NOT NULL,
	FOREIGN KEY (`batch_id`) REFERENCES `batches`(`id`) ON UPDATE no action ON DELETE no action
);
