-- The two-sided WhatsApp opt-in ("relay"): one row per conversation while it waits for the customer's
-- answer and after, so its state survives a restart and shows in the conversation's detail.
-- Times are UTC seconds since 1970.

CREATE TABLE opt_in_relays (
    conversation_sid TEXT PRIMARY KEY,
    state TEXT NOT NULL CHECK (state IN ('starting', 'waiting', 'connecting', 'connected', 'failed')),
    webhook_sid TEXT,
    customer_participant_sid TEXT NOT NULL,
    customer_address TEXT NOT NULL,
    rider_participant_sid TEXT NOT NULL,
    rider_address TEXT NOT NULL,
    rider_template_sid TEXT NOT NULL,
    rider_template_values TEXT NOT NULL,
    error TEXT,
    started_by TEXT NOT NULL,
    started_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Twilio retries a webhook with the same I-Twilio-Idempotency-Token: each is acted on once.
CREATE TABLE webhook_deliveries (
    idempotency_token TEXT PRIMARY KEY,
    received_at BIGINT NOT NULL
);
