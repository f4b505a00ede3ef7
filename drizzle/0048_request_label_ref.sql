-- The short form a label's barcode carries for a request id too long to carry as it is (the
-- contract allows any 64 characters). A column added and a partial index holding only the few long
-- ids: quick on a year's store. New requests get it when stored; those stored before are given it
-- the first time a short form is looked up (RequestsRepo.idOfLabelRef).
ALTER TABLE `requests` ADD `label_ref` text;--> statement-breakpoint
CREATE INDEX `requests_label_ref` ON `requests` (`label_ref`) WHERE "requests"."label_ref" IS NOT NULL;