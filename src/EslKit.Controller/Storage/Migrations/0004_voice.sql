-- The voice pipeline (issue 11): what was said on each answered call, and a summary per attempt.

-- One row per utterance: the caller's transcript or the agent's reply, numbered by turn (turn 0 is the
-- agent's greeting; in turn n the caller speaks and the agent answers). Latencies are milliseconds, measured
-- per stage on the agent's rows: end of the caller's speech (VAD decision) → final transcript → agent reply →
-- first synthesised audio → playback started; response_ms is the whole path.
CREATE TABLE call_transcripts (
    call_id       uuid NOT NULL,
    attempt       integer NOT NULL CHECK (attempt >= 1),
    turn          integer NOT NULL CHECK (turn >= 0),
    speaker       text NOT NULL CHECK (speaker IN ('caller', 'agent')),
    text          text NOT NULL,
    started_at    timestamptz NOT NULL,
    ended_at      timestamptz,
    stt_ms        integer CHECK (stt_ms >= 0),
    agent_ms      integer CHECK (agent_ms >= 0),
    tts_ms        integer CHECK (tts_ms >= 0),
    playback_ms   integer CHECK (playback_ms >= 0),
    response_ms   integer CHECK (response_ms >= 0),
    interrupted   boolean NOT NULL DEFAULT false,
    PRIMARY KEY (call_id, attempt, turn, speaker)
);

-- The conversation's summary on the attempt's call log; null when the call had no conversation.
ALTER TABLE call_logs
    ADD COLUMN turns                    integer CHECK (turns >= 0),
    ADD COLUMN interrupted_replies      integer CHECK (interrupted_replies >= 0),
    ADD COLUMN false_interruptions      integer CHECK (false_interruptions >= 0),
    ADD COLUMN ai_seconds               numeric(12, 3) CHECK (ai_seconds >= 0),
    ADD COLUMN amd_result               text CHECK (amd_result IN ('human', 'machine', 'unknown')),
    ADD COLUMN answer_to_first_audio_ms integer CHECK (answer_to_first_audio_ms >= 0),
    ADD COLUMN voice_end_reason         text;

-- What a campaign does when answering-machine detection hears a machine: hang up (the item is retried like
-- an unanswered call) or leave a message once the machine's greeting ends.
ALTER TABLE campaigns
    ADD COLUMN machine_action  text NOT NULL DEFAULT 'hangup' CHECK (machine_action IN ('hangup', 'leave_message')),
    ADD COLUMN machine_message text CHECK (length(machine_message) BETWEEN 1 AND 2000);

-- Abandoned calls per campaign: answered, but no agent audio within 2 s of the answer (what regulators count).
CREATE VIEW campaign_abandonment AS
SELECT campaign_id,
       count(*) AS answered,
       count(*) FILTER (WHERE answer_to_first_audio_ms IS NULL OR answer_to_first_audio_ms > 2000) AS abandoned,
       round(count(*) FILTER (WHERE answer_to_first_audio_ms IS NULL OR answer_to_first_audio_ms > 2000)::numeric / count(*), 4) AS abandonment_rate
FROM call_logs
WHERE answered_at IS NOT NULL AND campaign_id IS NOT NULL
GROUP BY campaign_id;
