-- The print queue looks jobs up by state only for the few still to print (queued, retrying) and any
-- caught mid-send at a start: partial indexes of those replace the index on every job's state, which
-- held a year of printed jobs that no query looks for.
DROP INDEX `print_jobs_state`;--> statement-breakpoint
CREATE INDEX `print_jobs_waiting` ON `print_jobs` (`state`,`next_attempt_at`) WHERE "print_jobs"."state" IN ('queued', 'retrying');--> statement-breakpoint
CREATE INDEX `print_jobs_sending` ON `print_jobs` (`id`) WHERE "print_jobs"."state" = 'sending';
