-- 0002: several controller instances on one database (issue 10; docs/controller.md "Several instances").

-- Each node's calls per second, shared by every instance: the times of the permits taken in the last window
-- (one second plus a margin), on the database's clock, in one row per node. eslkit_node_permits takes them
-- under the row's lock, so no window ever holds more than the node's calls per second, whatever the number of
-- instances taking them; paused_until is the node's "not now" (its throttle answered), for every instance.
CREATE TABLE node_pacing (
    node         text PRIMARY KEY,
    paused_until timestamptz NOT NULL DEFAULT '-infinity',
    permits      timestamptz[] NOT NULL DEFAULT '{}'
);

-- Takes (p_take) or only counts up to p_wanted permits on p_node: granted, the database time they were taken
-- at, and when fewer than wanted were free, how long until the next one frees up.
CREATE FUNCTION eslkit_node_permits(
    p_node text, p_per_second integer, p_wanted integer, p_window interval, p_take boolean,
    OUT granted integer, OUT taken_at timestamptz, OUT retry_after_ms integer)
LANGUAGE plpgsql AS $$
DECLARE
    paused timestamptz;
    current_permits timestamptz[];
    kept timestamptz[];
BEGIN
    IF p_take THEN
        INSERT INTO node_pacing (node) VALUES (p_node) ON CONFLICT (node) DO NOTHING;
        SELECT paused_until, permits INTO paused, current_permits FROM node_pacing WHERE node = p_node FOR UPDATE;
    ELSE
        SELECT paused_until, permits INTO paused, current_permits FROM node_pacing WHERE node = p_node;
    END IF;

    -- Read after the lock is granted: the permits' time is when they are taken.
    taken_at := clock_timestamp();
    IF paused IS NOT NULL AND paused > taken_at THEN
        granted := 0;
        retry_after_ms := ceil(extract(epoch FROM paused - taken_at) * 1000)::integer;
        RETURN;
    END IF;

    SELECT coalesce(array_agg(t ORDER BY t), '{}') INTO kept
    FROM unnest(coalesce(current_permits, '{}')) AS t WHERE t > taken_at - p_window;
    granted := least(p_wanted, greatest(0, p_per_second - cardinality(kept)));
    IF p_take THEN
        IF granted > 0 THEN
            kept := kept || array_fill(taken_at, ARRAY[granted]);
        END IF;
        UPDATE node_pacing SET permits = kept WHERE node = p_node;
    END IF;

    retry_after_ms := CASE
        WHEN granted >= p_wanted THEN 0
        WHEN cardinality(kept) > 0 THEN greatest(0, ceil(extract(epoch FROM kept[1] + p_window - taken_at) * 1000))::integer
        WHEN granted > 0 THEN ceil(extract(epoch FROM p_window) * 1000)::integer
        ELSE 0 END;
END $$;

-- The heartbeat renews the leases of one instance's items; the rescuer looks for lapsed ones.
CREATE INDEX campaign_items_claimed_by ON campaign_items (claimed_by) WHERE state IN ('dialing', 'answered');

-- Calls a node had when it went away, for its reconciliation when it comes back.
CREATE INDEX call_logs_open_node ON call_logs (node) WHERE ended_at IS NULL;
