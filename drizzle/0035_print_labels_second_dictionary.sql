-- Printed labels packed with a second dictionary, kept lean (a line's one run that only repeats its
-- text left out; devices/label-packing.ts); `labels_dictionary` says which dictionary packed a job.
-- Every printed job of a store from before has none yet, so the print queue packs it again when idle
-- (found through `print_jobs_unpacked`); until then it reads as before.
DROP INDEX `print_jobs_unpacked`;--> statement-breakpoint
ALTER TABLE `print_jobs` ADD `labels_dictionary` integer;--> statement-breakpoint
CREATE INDEX `print_jobs_unpacked` ON `print_jobs` (`id`) WHERE "print_jobs"."state" = 'delivered' AND "print_jobs"."labels_dictionary" IS NULL;
