-- Patient-returned CDs and their destruction are sealed in row_seals as every register row is, so a
-- row edited, removed or added behind the app's back is found by audit.verify. Rows recorded before
-- this are sealed here, in order (returns, then destructions), continuing the chain of seals.
CREATE TRIGGER patient_returns_seal AFTER INSERT ON patient_returns
BEGIN
  INSERT INTO row_seals (seq, table_name, row_key, row_digest, mac)
  SELECT s.seq, 'patient_returns', NEW.id, unhex(s.digest), unhex(counter_seal_mac(s.seq, 'patient_returns', NEW.id, s.digest, s.prev))
  FROM (SELECT COALESCE((SELECT MAX(seq) FROM row_seals), 0) + 1 AS seq,
          counter_row_digest(json_array(NEW.id, NEW.request_id, NEW.line_id, NEW.received_at, NEW.received_date, NEW.patient_name, NEW.dmd_id, NEW.drug, NEW.form, NEW.strength, NEW.quantity_milli, NEW.unit, NEW.note, NEW.received_by_id, NEW.received_by_name)) AS digest,
          COALESCE((SELECT lower(hex(mac)) FROM row_seals ORDER BY seq DESC LIMIT 1), '') AS prev) AS s;
END;
--> statement-breakpoint
CREATE TRIGGER patient_return_destructions_seal AFTER INSERT ON patient_return_destructions
BEGIN
  INSERT INTO row_seals (seq, table_name, row_key, row_digest, mac)
  SELECT s.seq, 'patient_return_destructions', NEW.id, unhex(s.digest), unhex(counter_seal_mac(s.seq, 'patient_return_destructions', NEW.id, s.digest, s.prev))
  FROM (SELECT COALESCE((SELECT MAX(seq) FROM row_seals), 0) + 1 AS seq,
          counter_row_digest(json_array(NEW.id, NEW.return_id, NEW.destroyed_at, NEW.destroyed_by_id, NEW.destroyed_by_name, NEW.witness)) AS digest,
          COALESCE((SELECT lower(hex(mac)) FROM row_seals ORDER BY seq DESC LIMIT 1), '') AS prev) AS s;
END;
--> statement-breakpoint
INSERT INTO row_seals (seq, table_name, row_key, row_digest, mac)
WITH RECURSIVE
  unsealed(n, table_name, row_key, digest) AS (
    SELECT row_number() OVER (ORDER BY part, id), table_name, CAST(id AS TEXT), digest
    FROM (
      SELECT 0 AS part, id, 'patient_returns' AS table_name,
        counter_row_digest(json_array(id, request_id, line_id, received_at, received_date, patient_name, dmd_id, drug, form, strength, quantity_milli, unit, note, received_by_id, received_by_name)) AS digest
      FROM patient_returns
      UNION ALL
      SELECT 1, id, 'patient_return_destructions',
        counter_row_digest(json_array(id, return_id, destroyed_at, destroyed_by_id, destroyed_by_name, witness))
      FROM patient_return_destructions
    )
  ),
  chain(n, seq, table_name, row_key, digest, mac) AS (
    SELECT 0, COALESCE((SELECT MAX(seq) FROM row_seals), 0), NULL, NULL, NULL,
      COALESCE((SELECT lower(hex(mac)) FROM row_seals ORDER BY seq DESC LIMIT 1), '')
    UNION ALL
    SELECT u.n, c.seq + 1, u.table_name, u.row_key, u.digest,
      counter_seal_mac(c.seq + 1, u.table_name, u.row_key, u.digest, c.mac)
    FROM chain c JOIN unsealed u ON u.n = c.n + 1
  )
SELECT seq, table_name, row_key, unhex(digest), unhex(mac) FROM chain WHERE n > 0 ORDER BY seq;
