CREATE TABLE `batches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ampp_id` text NOT NULL,
	`batch_no` text NOT NULL,
	`expiry` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`ampp_id`) REFERENCES `packs`(`ampp_id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "batches_expiry_format" CHECK("batches"."expiry" GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `batches_pack_batch` ON `batches` (`ampp_id`,`batch_no`);--> statement-breakpoint
CREATE INDEX `batches_pack_expiry` ON `batches` (`ampp_id`,`expiry`);--> statement-breakpoint
CREATE INDEX `batches_expiry` ON `batches` (`expiry`);--> statement-breakpoint
CREATE TABLE `deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`started_at` text NOT NULL,
	`actor_id` text,
	`actor_name` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `pack_gtins` (
	`gtin` text PRIMARY KEY NOT NULL,
	`ampp_id` text NOT NULL,
	`start_date` text,
	`end_date` text,
	`historic` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`ampp_id`) REFERENCES `packs`(`ampp_id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "pack_gtins_gtin" CHECK(length("pack_gtins"."gtin") = 14)
);
--> statement-breakpoint
CREATE INDEX `pack_gtins_pack` ON `pack_gtins` (`ampp_id`);--> statement-breakpoint
CREATE TABLE `packs` (
	`ampp_id` text PRIMARY KEY NOT NULL,
	`amp_id` text NOT NULL,
	`name` text NOT NULL,
	`pack_size_milli` integer NOT NULL,
	`unit` text NOT NULL,
	`pip_code` text,
	`reorder_level_milli` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`amp_id`) REFERENCES `products`(`dmd_id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "packs_size" CHECK("packs"."pack_size_milli" > 0),
	CONSTRAINT "packs_reorder" CHECK("packs"."reorder_level_milli" >= 0),
	CONSTRAINT "packs_unit" CHECK("packs"."unit" IN ('tablet', 'capsule', 'ml', 'g', 'dose', 'patch', 'sachet', 'pessary', 'suppository', 'ampoule', 'vial', 'pre-filled pen', 'pre-filled syringe', 'lozenge', 'device'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `packs_pip_code_unique` ON `packs` (`pip_code`);--> statement-breakpoint
CREATE INDEX `packs_amp` ON `packs` (`amp_id`);--> statement-breakpoint
CREATE INDEX `packs_name` ON `packs` (`name`);--> statement-breakpoint
CREATE TABLE `products` (
	`dmd_id` text PRIMARY KEY NOT NULL,
	`level` text NOT NULL,
	`vmp_id` text,
	`name` text NOT NULL,
	`strength` text,
	`form` text NOT NULL,
	`cd_schedule` integer,
	`supplier` text,
	`bnf_chapter` integer,
	FOREIGN KEY (`vmp_id`) REFERENCES `products`(`dmd_id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "products_level" CHECK(("products"."level" = 'VMP' AND "products"."vmp_id" IS NULL) OR ("products"."level" = 'AMP' AND "products"."vmp_id" IS NOT NULL)),
	CONSTRAINT "products_cd_schedule" CHECK("products"."cd_schedule" IS NULL OR "products"."cd_schedule" BETWEEN 1 AND 5)
);
--> statement-breakpoint
CREATE INDEX `products_vmp` ON `products` (`vmp_id`);--> statement-breakpoint
CREATE TABLE `receipt_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`delivery_id` integer NOT NULL,
	`at` text NOT NULL,
	`raw` text NOT NULL,
	`gtin` text,
	`batch_no` text,
	`expiry` text,
	`serial` text,
	`ampp_id` text,
	`batch_id` integer,
	`order_line_id` integer,
	`booked` integer NOT NULL,
	`flags` text DEFAULT '[]' NOT NULL,
	`actor_name` text NOT NULL,
	FOREIGN KEY (`delivery_id`) REFERENCES `deliveries`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ampp_id`) REFERENCES `packs`(`ampp_id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`batch_id`) REFERENCES `batches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`order_line_id`) REFERENCES `wholesaler_order_lines`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `receipt_lines_delivery` ON `receipt_lines` (`delivery_id`,`id`);--> statement-breakpoint
CREATE INDEX `receipt_lines_order_line` ON `receipt_lines` (`order_line_id`) WHERE "receipt_lines"."booked" = 1;--> statement-breakpoint
CREATE UNIQUE INDEX `receipt_lines_serial` ON `receipt_lines` (`gtin`,`serial`) WHERE "receipt_lines"."booked" = 1 AND "receipt_lines"."serial" IS NOT NULL;--> statement-breakpoint
CREATE TABLE `request_stock_lines` (
	`request_id` text NOT NULL,
	`line_id` text NOT NULL,
	`dmd_id` text NOT NULL,
	`unit` text,
	`needed_milli` integer NOT NULL,
	`outcome` text NOT NULL,
	`reason` text,
	`eta_date` text,
	`eta_words` text,
	`supply_issue_id` integer,
	`checked_at` text NOT NULL,
	`checked_by` text NOT NULL,
	PRIMARY KEY(`request_id`, `line_id`),
	FOREIGN KEY (`request_id`) REFERENCES `requests`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`supply_issue_id`) REFERENCES `supply_issues`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "request_stock_lines_outcome" CHECK("request_stock_lines"."outcome" IN ('in_stock', 'ordered', 'supply_issue', 'unknown_product')),
	CONSTRAINT "request_stock_lines_needed" CHECK("request_stock_lines"."needed_milli" > 0)
);
--> statement-breakpoint
CREATE TABLE `stock_movements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`batch_id` integer NOT NULL,
	`kind` text NOT NULL,
	`on_hand_delta_milli` integer NOT NULL,
	`reserved_delta_milli` integer NOT NULL,
	`reason` text,
	`request_id` text,
	`line_id` text,
	`order_line_id` integer,
	`receipt_line_id` integer,
	`stock_take_id` integer,
	`actor_id` text,
	`actor_name` text NOT NULL,
	`at` text NOT NULL,
	FOREIGN KEY (`batch_id`) REFERENCES `batches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`order_line_id`) REFERENCES `wholesaler_order_lines`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`receipt_line_id`) REFERENCES `receipt_lines`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`stock_take_id`) REFERENCES `stock_takes`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "stock_movements_kind" CHECK(("stock_movements"."kind" = 'goods_in' AND "stock_movements"."on_hand_delta_milli" > 0 AND "stock_movements"."reserved_delta_milli" = 0)
        OR ("stock_movements"."kind" = 'reservation' AND "stock_movements"."on_hand_delta_milli" = 0 AND "stock_movements"."reserved_delta_milli" > 0)
        OR ("stock_movements"."kind" = 'release' AND "stock_movements"."on_hand_delta_milli" = 0 AND "stock_movements"."reserved_delta_milli" < 0)
        OR ("stock_movements"."kind" = 'dispensed' AND "stock_movements"."on_hand_delta_milli" < 0 AND "stock_movements"."reserved_delta_milli" <= 0 AND "stock_movements"."reserved_delta_milli" >= "stock_movements"."on_hand_delta_milli")
        OR ("stock_movements"."kind" IN ('waste', 'quarantine', 'supplier_return') AND "stock_movements"."on_hand_delta_milli" < 0 AND "stock_movements"."reserved_delta_milli" = 0)
        OR ("stock_movements"."kind" = 'adjustment' AND "stock_movements"."on_hand_delta_milli" <> 0 AND "stock_movements"."reserved_delta_milli" = 0)
        OR ("stock_movements"."kind" = 'return' AND "stock_movements"."on_hand_delta_milli" > 0 AND "stock_movements"."reserved_delta_milli" = 0)),
	CONSTRAINT "stock_movements_reason" CHECK("stock_movements"."kind" NOT IN ('waste', 'quarantine', 'adjustment', 'supplier_return') OR length(trim(COALESCE("stock_movements"."reason", ''))) > 0),
	CONSTRAINT "stock_movements_request_line" CHECK("stock_movements"."kind" NOT IN ('reservation', 'release', 'dispensed') OR ("stock_movements"."request_id" IS NOT NULL AND "stock_movements"."line_id" IS NOT NULL))
);
--> statement-breakpoint
CREATE INDEX `stock_movements_batch` ON `stock_movements` (`batch_id`,`on_hand_delta_milli`,`reserved_delta_milli`);--> statement-breakpoint
CREATE INDEX `stock_movements_request` ON `stock_movements` (`request_id`,`line_id`,`batch_id`) WHERE "stock_movements"."request_id" IS NOT NULL;--> statement-breakpoint
CREATE TABLE `stock_settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `stock_take_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`stock_take_id` integer NOT NULL,
	`batch_id` integer NOT NULL,
	`expected_milli` integer NOT NULL,
	`counted_milli` integer NOT NULL,
	FOREIGN KEY (`stock_take_id`) REFERENCES `stock_takes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`batch_id`) REFERENCES `batches`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "stock_take_lines_counted" CHECK("stock_take_lines"."counted_milli" >= 0)
);
--> statement-breakpoint
CREATE INDEX `stock_take_lines_take` ON `stock_take_lines` (`stock_take_id`);--> statement-breakpoint
CREATE TABLE `stock_takes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ampp_id` text NOT NULL,
	`at` text NOT NULL,
	`actor_id` text,
	`actor_name` text NOT NULL,
	`note` text,
	FOREIGN KEY (`ampp_id`) REFERENCES `packs`(`ampp_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `supply_issues` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dmd_id` text NOT NULL,
	`source` text NOT NULL,
	`reference` text,
	`reason` text NOT NULL,
	`expected_return` text,
	`active` integer DEFAULT true NOT NULL,
	`raised_at` text NOT NULL,
	`raised_by` text NOT NULL,
	`resolved_at` text,
	`resolved_by` text,
	`resolution_note` text,
	FOREIGN KEY (`dmd_id`) REFERENCES `products`(`dmd_id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "supply_issues_source" CHECK("supply_issues"."source" IN ('msn', 'ssp', 'manufacturer', 'wholesaler', 'other'))
);
--> statement-breakpoint
CREATE INDEX `supply_issues_active` ON `supply_issues` (`dmd_id`) WHERE "supply_issues"."active" = 1;--> statement-breakpoint
CREATE TABLE `wholesaler_order_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`ampp_id` text NOT NULL,
	`packs_ordered` integer NOT NULL,
	`status` text NOT NULL,
	`packs_placed` integer NOT NULL,
	`supplied_ampp_id` text,
	`reason_code` text,
	`reason` text,
	`request_id` text,
	`line_id` text,
	`cancelled_at` text,
	`cancelled_by` text,
	`cancel_reason` text,
	FOREIGN KEY (`order_id`) REFERENCES `wholesaler_orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ampp_id`) REFERENCES `packs`(`ampp_id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`supplied_ampp_id`) REFERENCES `packs`(`ampp_id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "wholesaler_order_lines_status" CHECK("wholesaler_order_lines"."status" IN ('placed', 'partly_placed', 'substituted', 'rejected')),
	CONSTRAINT "wholesaler_order_lines_packs" CHECK("wholesaler_order_lines"."packs_ordered" > 0 AND "wholesaler_order_lines"."packs_placed" >= 0 AND "wholesaler_order_lines"."packs_placed" <= "wholesaler_order_lines"."packs_ordered"),
	CONSTRAINT "wholesaler_order_lines_rejected" CHECK(("wholesaler_order_lines"."status" = 'rejected') = ("wholesaler_order_lines"."packs_placed" = 0 AND "wholesaler_order_lines"."supplied_ampp_id" IS NULL))
);
--> statement-breakpoint
CREATE INDEX `wholesaler_order_lines_order` ON `wholesaler_order_lines` (`order_id`);--> statement-breakpoint
CREATE INDEX `wholesaler_order_lines_open` ON `wholesaler_order_lines` (`supplied_ampp_id`,`id`) WHERE "wholesaler_order_lines"."cancelled_at" IS NULL AND "wholesaler_order_lines"."packs_placed" > 0;--> statement-breakpoint
CREATE TABLE `wholesaler_orders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`wholesaler_id` text NOT NULL,
	`reference` text NOT NULL,
	`placed_at` text NOT NULL,
	`actor_id` text,
	`actor_name` text NOT NULL,
	`cut_off_date` text NOT NULL,
	`cut_off_time` text NOT NULL,
	`eta_date` text NOT NULL,
	`eta_slot` text NOT NULL,
	`request_id` text,
	FOREIGN KEY (`wholesaler_id`) REFERENCES `wholesalers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `wholesaler_orders_placed` ON `wholesaler_orders` (`placed_at`);--> statement-breakpoint
CREATE TABLE `wholesalers` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`config` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
-- The ledger is append-only: a correction is a new movement, never an edit of an old one.
CREATE TRIGGER stock_movements_no_update BEFORE UPDATE ON stock_movements
BEGIN
  SELECT RAISE(ABORT, 'stock_movements is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER stock_movements_no_delete BEFORE DELETE ON stock_movements
BEGIN
  SELECT RAISE(ABORT, 'stock_movements is append-only');
END;
--> statement-breakpoint
-- No movement may leave its batch with negative reserved stock or with more reserved than on hand
-- (available below zero). The service checks first to give a message; this is the last word.
CREATE TRIGGER stock_movements_never_negative AFTER INSERT ON stock_movements
WHEN NEW.on_hand_delta_milli < 0 OR NEW.reserved_delta_milli <> 0
BEGIN
  SELECT RAISE(ABORT, 'stock_movements: available or reserved stock of the batch would go below zero')
  FROM (SELECT COALESCE(SUM(on_hand_delta_milli), 0) AS on_hand, COALESCE(SUM(reserved_delta_milli), 0) AS reserved
        FROM stock_movements WHERE batch_id = NEW.batch_id)
  WHERE reserved < 0 OR on_hand < reserved;
END;
--> statement-breakpoint
-- Stock-level search by any part of a pack's or its product's name (trigram), kept by triggers.
CREATE VIRTUAL TABLE pack_search USING fts5(ampp_id UNINDEXED, text, tokenize = 'trigram');
--> statement-breakpoint
CREATE TRIGGER packs_search_insert AFTER INSERT ON packs
BEGIN
  INSERT INTO pack_search (ampp_id, text) VALUES (NEW.ampp_id, NEW.name || ' · ' || COALESCE(
    (SELECT v.name FROM products a JOIN products v ON v.dmd_id = a.vmp_id WHERE a.dmd_id = NEW.amp_id), ''));
END;
--> statement-breakpoint
CREATE TRIGGER packs_search_update AFTER UPDATE OF name, amp_id ON packs
BEGIN
  DELETE FROM pack_search WHERE ampp_id = OLD.ampp_id;
  INSERT INTO pack_search (ampp_id, text) VALUES (NEW.ampp_id, NEW.name || ' · ' || COALESCE(
    (SELECT v.name FROM products a JOIN products v ON v.dmd_id = a.vmp_id WHERE a.dmd_id = NEW.amp_id), ''));
END;
--> statement-breakpoint
CREATE TRIGGER packs_search_delete AFTER DELETE ON packs
BEGIN
  DELETE FROM pack_search WHERE ampp_id = OLD.ampp_id;
END;
