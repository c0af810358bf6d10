-- 0001: the controller's data model (docs/controller.md describes every table).
-- Money is numeric, never floating point. Times are timestamptz. States are text with CHECKs.

CREATE TABLE system_settings (
    id                        boolean PRIMARY KEY DEFAULT true CHECK (id),
    price_per_minute          numeric(12, 4) NOT NULL DEFAULT 0.15 CHECK (price_per_minute >= 0),
    trial_cost_per_minute     numeric(12, 4) NOT NULL DEFAULT 0.008 CHECK (trial_cost_per_minute >= 0),
    ai_cost_per_minute        numeric(12, 4) NOT NULL DEFAULT 0.04 CHECK (ai_cost_per_minute >= 0),
    billing_increment_seconds integer NOT NULL DEFAULT 60 CHECK (billing_increment_seconds BETWEEN 1 AND 3600),
    updated_at                timestamptz NOT NULL DEFAULT now()
);
INSERT INTO system_settings DEFAULT VALUES;

-- Tenants. A trial tenant holds at most 3 concurrent calls; a pro tenant 1 to 50 (default 10).
CREATE TABLE users (
    id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name                   text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
    account_type           text NOT NULL CHECK (account_type IN ('trial', 'pro')),
    active                 boolean NOT NULL DEFAULT true,
    concurrency_limit      integer NOT NULL CHECK (concurrency_limit BETWEEN 1 AND 50),
    price_per_minute       numeric(12, 4) NOT NULL CHECK (price_per_minute >= 0),
    default_region         text NOT NULL CHECK (default_region ~ '^[A-Z]{2}$'),
    may_override_caller_id boolean NOT NULL DEFAULT false,
    -- The API key is shown once; only its public prefix (for lookup) and SHA-256 hash are kept.
    api_key_prefix         text UNIQUE,
    api_key_hash           bytea,
    last_claim_at          timestamptz,
    created_at             timestamptz NOT NULL DEFAULT now(),
    CHECK (account_type = 'pro' OR concurrency_limit <= 3),
    CHECK ((api_key_prefix IS NULL) = (api_key_hash IS NULL))
);

-- A pro tenant's SIP account. The password is AES-GCM ciphertext (nonce || ciphertext || tag) under the
-- key named by sip_password_key_id, bound to the tenant id as associated data.
CREATE TABLE phone_config (
    tenant_id               bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    sip_username            text NOT NULL,
    sip_password_key_id     text NOT NULL,
    sip_password_ciphertext bytea NOT NULL,
    sip_proxy_primary       text NOT NULL,
    sip_proxy_secondary     text,
    sip_caller_id           text,
    updated_at              timestamptz NOT NULL DEFAULT now()
);

-- Shared carrier trunks (the trial gateway) and their concurrent-call limits. A pro tenant's trunk is the
-- tenant itself: its limit is the tenant's and its lock is the tenant row's.
CREATE TABLE trunks (
    name              text PRIMARY KEY,
    concurrency_limit integer NOT NULL CHECK (concurrency_limit >= 0),
    updated_at        timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE dnc_numbers (
    tenant_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    number    text NOT NULL CHECK (number ~ '^[0-9]{2,15}$'),
    added_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, number)
);

CREATE TABLE campaigns (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    state          text NOT NULL DEFAULT 'draft'
                   CHECK (state IN ('draft', 'running', 'paused', 'cancelled', 'completed')),
    max_attempts   integer NOT NULL CHECK (max_attempts BETWEEN 1 AND 20),
    retry_policy   jsonb NOT NULL,
    window_start   time NOT NULL,
    window_end     time NOT NULL,
    time_zone      text NOT NULL,
    default_region text NOT NULL CHECK (default_region ~ '^[A-Z]{2}$'),
    caller_id      text,
    created_at     timestamptz NOT NULL,
    started_at     timestamptz,
    finished_at    timestamptz
);
CREATE INDEX campaigns_tenant ON campaigns (tenant_id);
CREATE INDEX campaigns_running ON campaigns (tenant_id) WHERE state = 'running';

-- Campaign items are jobs: pending -> dialing -> answered -> done, or retry (at next_attempt_at),
-- failed, skipped (dnc | invalid | window), cancelled. The claim records who took the item, until when
-- (lease), the attempt and the origination UUID of every failover leg, before any originate is sent.
CREATE TABLE campaign_items (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    campaign_id      bigint NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    tenant_id        bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    number           text NOT NULL CHECK (number ~ '^[0-9]{2,15}$'),
    line             integer,
    time_zones       text[] NOT NULL DEFAULT '{}',
    call_id          uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
    state            text NOT NULL DEFAULT 'pending'
                     CHECK (state IN ('pending', 'dialing', 'answered', 'done', 'retry', 'failed', 'skipped', 'cancelled')),
    -- attempt numbers every originate (eslkit_attempt, call_logs' key); attempts_used counts those that
    -- count toward max_attempts (a node's "not now" refusal is refunded).
    attempt          integer NOT NULL DEFAULT 0 CHECK (attempt >= 0),
    attempts_used    integer NOT NULL DEFAULT 0 CHECK (attempts_used >= 0),
    next_attempt_at  timestamptz NOT NULL,
    trunk            text,
    claimed_by       text,
    claimed_at       timestamptz,
    lease_expires_at timestamptz,
    leg_uuids        uuid[],
    disposition      text,
    error            text,
    answered_at      timestamptz,
    finished_at      timestamptz,
    updated_at       timestamptz NOT NULL,
    UNIQUE (campaign_id, number)
);
CREATE INDEX campaign_items_due ON campaign_items (campaign_id, next_attempt_at, id) WHERE state IN ('pending', 'retry');
CREATE INDEX campaign_items_active_trunk ON campaign_items (trunk) WHERE state IN ('dialing', 'answered');
CREATE INDEX campaign_items_active_tenant ON campaign_items (tenant_id) WHERE state IN ('dialing', 'answered');
CREATE INDEX campaign_items_lease ON campaign_items (lease_expires_at) WHERE state IN ('dialing', 'answered');

-- One row per attempt, written idempotently: upsert by (call_id, attempt); once ended_at is set a late
-- duplicate changes nothing.
CREATE TABLE call_logs (
    call_id          uuid NOT NULL,
    attempt          integer NOT NULL CHECK (attempt >= 1),
    tenant_id        bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    campaign_id      bigint REFERENCES campaigns (id) ON DELETE SET NULL,
    item_id          bigint REFERENCES campaign_items (id) ON DELETE SET NULL,
    number           text NOT NULL,
    account_type     text NOT NULL CHECK (account_type IN ('trial', 'pro')),
    route            text NOT NULL,
    node             text,
    channel_uuid     uuid,
    created_at       timestamptz NOT NULL,
    answered_at      timestamptz,
    ended_at         timestamptz,
    duration_seconds integer CHECK (duration_seconds >= 0),
    billsec          integer CHECK (billsec >= 0),
    hangup_cause     text,
    sip_status       text,
    telephony_cost   numeric(14, 6),
    ai_cost          numeric(14, 6),
    revenue          numeric(14, 6),
    PRIMARY KEY (call_id, attempt)
);
CREATE INDEX call_logs_tenant_created ON call_logs (tenant_id, created_at);
CREATE INDEX call_logs_campaign ON call_logs (campaign_id);

-- Controller instances and their heartbeats: leases of a dead instance's items expire (part 2's rescuer).
CREATE TABLE controller_instances (
    id           text PRIMARY KEY,
    host         text NOT NULL,
    started_at   timestamptz NOT NULL,
    heartbeat_at timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL
);
