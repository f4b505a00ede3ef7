-- Closed requests (delivered, cancelled, rejected) keep their snapshot deflated in the same column once
-- some days old (src/main/maintenance/closed-requests.ts); this index finds those not yet packed. A
-- store from before is packed by the same background work, a batch at a time, not at start.
CREATE INDEX `requests_unpacked` ON `requests` (`stage_since`) WHERE "stage" IN ('delivered', 'cancelled', 'rejected') AND typeof("snapshot") = 'text';