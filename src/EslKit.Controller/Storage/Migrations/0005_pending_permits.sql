-- Node pacing, exact even when sends lag: a permit is pending from its grant until the node has read its
-- originate (the bgapi's +OK Job-UUID reply came back), and a pending permit always counts. Only then does it
-- join the sliding log, stamped with that moment — never earlier than the node counted the originate — so a
-- send held up on a busy machine (in the controller's writer, on the wire, or in the node's reader) can no
-- longer fall outside the window its permit is counted in. A pending permit whose instance died counts for
-- p_hold (longer than any reply can take: the ESL client gives up on a reply after 30 s), then lapses.
ALTER TABLE node_pacing ADD COLUMN pending timestamptz[] NOT NULL DEFAULT '{}';

DROP FUNCTION eslkit_node_permits(text, integer, integer, interval, boolean);

-- Takes (p_take) or only counts up to p_wanted permits on p_node: granted, the database time they were taken
-- at (their key in pending), and when fewer than wanted were free, a hint of how long until one frees up.
CREATE FUNCTION eslkit_node_permits(
    p_node text, p_per_second integer, p_wanted integer, p_window interval, p_hold interval, p_take boolean,
    OUT granted integer, OUT taken_at timestamptz, OUT retry_after_ms integer)
LANGUAGE plpgsql AS $$
DECLARE
    paused timestamptz;
    current_permits timestamptz[];
    current_pending timestamptz[];
    kept timestamptz[];
    kept_pending timestamptz[];
BEGIN
    IF p_take THEN
        INSERT INTO node_pacing (node) VALUES (p_node) ON CONFLICT (node) DO NOTHING;
        SELECT paused_until, permits, pending INTO paused, current_permits, current_pending FROM node_pacing WHERE node = p_node FOR UPDATE;
    ELSE
        SELECT paused_until, permits, pending INTO paused, current_permits, current_pending FROM node_pacing WHERE node = p_node;
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
    SELECT coalesce(array_agg(t ORDER BY t), '{}') INTO kept_pending
    FROM unnest(coalesce(current_pending, '{}')) AS t WHERE t > taken_at - p_hold;
    granted := least(p_wanted, greatest(0, p_per_second - cardinality(kept) - cardinality(kept_pending)));
    IF p_take THEN
        IF granted > 0 THEN
            kept_pending := kept_pending || array_fill(taken_at, ARRAY[granted]);
        END IF;
        UPDATE node_pacing SET permits = kept, pending = kept_pending WHERE node = p_node;
    END IF;

    -- A hint: with the window full of settled permits, when the oldest ends; else pending ones are in the way,
    -- and they settle within milliseconds (then count a full window): look again soon.
    retry_after_ms := CASE
        WHEN granted >= p_wanted THEN 0
        WHEN cardinality(kept) >= p_per_second THEN greatest(0, ceil(extract(epoch FROM kept[1] + p_window - taken_at) * 1000))::integer
        WHEN cardinality(kept_pending) > 0 THEN 20
        WHEN cardinality(kept) > 0 THEN greatest(0, ceil(extract(epoch FROM kept[1] + p_window - taken_at) * 1000))::integer
        WHEN granted > 0 THEN ceil(extract(epoch FROM p_window) * 1000)::integer
        ELSE 0 END;
END $$;
