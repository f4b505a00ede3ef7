DROP INDEX `print_jobs_unpacked`;--> statement-breakpoint
ALTER TABLE `print_jobs` ADD `labels_packed` blob;--> statement-breakpoint
CREATE INDEX `print_jobs_unpacked` ON `print_jobs` (`id`) WHERE "print_jobs"."state" = 'delivered' AND ("print_jobs"."payload" <> '' OR "print_jobs"."payload_packed" IS NOT NULL);