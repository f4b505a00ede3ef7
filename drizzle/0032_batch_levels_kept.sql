-- Each batch's running totals, kept in the transaction of every movement added: the ledger stays
-- append-only, so the totals only ever move with a new movement. A store from before gets them
-- summed once here.
INSERT INTO batch_levels (batch_id, on_hand_milli, reserved_milli)
SELECT batch_id, SUM(on_hand_delta_milli), SUM(reserved_delta_milli) FROM stock_movements GROUP BY batch_id;
--> statement-breakpoint
CREATE TRIGGER stock_movements_batch_level AFTER INSERT ON stock_movements
BEGIN
  INSERT OR IGNORE INTO batch_levels (batch_id, on_hand_milli, reserved_milli) VALUES (NEW.batch_id, 0, 0);
  UPDATE batch_levels
  SET on_hand_milli = on_hand_milli + NEW.on_hand_delta_milli,
      reserved_milli = reserved_milli + NEW.reserved_delta_milli
  WHERE batch_id = NEW.batch_id;
END;
