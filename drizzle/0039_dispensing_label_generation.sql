-- The print generation of a request's dispensing labels, named in each label's barcode
-- (PC-REQ:<request>:<pack>:<generation>), so that an old label left on a pack after the request was
-- relabelled is refused at the accuracy check. Every request already in the store starts at 1, and
-- a barcode printed without a generation reads as the first: it passes until the request is relabelled.
ALTER TABLE `dispensing_checks` ADD `label_generation` integer DEFAULT 1 NOT NULL;
