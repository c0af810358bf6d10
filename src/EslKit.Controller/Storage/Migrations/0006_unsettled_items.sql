-- A campaign completes when none of its items waits or is in progress; that check runs after every item settles.
-- Without an index of its own it read every item of the campaign (through UNIQUE (campaign_id, number), filtering
-- on state): the dearest statement per call under load. This index holds only the unsettled items, so the check is
-- one probe however many items have settled.
CREATE INDEX campaign_items_unsettled ON campaign_items (campaign_id) WHERE state IN ('pending', 'retry', 'dialing', 'answered');
