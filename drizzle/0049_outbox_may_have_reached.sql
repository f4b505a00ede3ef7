-- Whether a try of an event under its key may have reached Phensys (its bytes were sent: a timeout
-- or a reset after connecting, an answer that did not settle it), written with that try's outcome.
-- An event whose key is over a day old is held for a person (sent late) only when one did: one whose
-- every try was refused before connecting (Phensys down, its name not found) goes as normal
-- (src/main/sync/lapsed-keys.ts).
-- Events tried before this migration kept only their last error, so no one can tell: each one still
-- waiting to go that was tried is marked as if a try may have reached Phensys (its creation time, the
-- earliest a try can have been), and keeps the cautious behaviour of before. The partial index on
-- pending events keeps this quick on a year's store.
ALTER TABLE `outbox` ADD `may_have_reached_at` text;--> statement-breakpoint
UPDATE `outbox` SET `may_have_reached_at` = `created_at` WHERE `status` = 'pending' AND `attempts` > 0;
