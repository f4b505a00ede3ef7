-- A safety flag a pharmacist must acknowledge now holds the supply as well as the clinical check
-- (labels, pack, dispatch, hand-over), so that one raised after the check stops the bag. Flags stored
-- before this held the check alone; they hold as much now, their state and any acknowledgement kept.
UPDATE `request_flags` SET `blocks` = '["clinicalCheck","printLabels","pack","dispatch","collect"]'
WHERE `source` = 'safety' AND `blocks` = '["clinicalCheck"]';
