-- 0003: when each node was last reached by any instance (docs/controller.md "A node that never comes back").
-- Every instance that has a node's event socket connected records it here every few seconds; the calls the database
-- thinks are up on a node nobody has reached for Dispatcher:LostCallGraceSeconds are closed as lost.
CREATE TABLE node_contacts (
    node    text PRIMARY KEY,
    seen_at timestamptz NOT NULL
);
