ALTER TABLE `print_jobs` ADD `payload_packed` blob;--> statement-breakpoint
ALTER TABLE `print_jobs` ADD `withdrawn_at` text;--> statement-breakpoint
ALTER TABLE `print_jobs` ADD `notice` text;--> statement-breakpoint
CREATE INDEX `print_jobs_unpacked` ON `print_jobs` (`id`) WHERE "print_jobs"."state" = 'delivered' AND "print_jobs"."payload" <> '';