-- Conversations and their messages (every channel), and the rate-limit
-- counters shared by all workers and hosts.
CREATE TABLE conversations (
	id uuid PRIMARY KEY,
	tenant_id uuid NOT NULL REFERENCES tenants(id),
	channel text NOT NULL CHECK (channel IN ('web', 'sms', 'phone', 'whatsapp', 'instagram',
		'messenger', 'chatgpt')),
	customer_id uuid REFERENCES customers(id) ON DELETE SET NULL,
	agent_id uuid REFERENCES agents(id) ON DELETE SET NULL,
	status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'needs_attention', 'closed')),
	tags text NOT NULL DEFAULT '[]',      -- JSON array of tags ([a-z0-9-]{1,32})
	time_saved_s integer NOT NULL DEFAULT 0 CHECK (time_saved_s >= 0),
	state text NOT NULL DEFAULT '{}',     -- the agent's dialog state (JSON)
	token_hash text UNIQUE,               -- public chat token, SHA-256 hex; NULL off the web
	contact text,                         -- the customer's address on the channel (E.164 for sms/phone)
	client_ip text,
	reply_to uuid,                        -- the user message a worker is answering now
	reply_until timestamptz,                     -- ... until then (a crashed worker's claim expires)
	last_message_at timestamptz,
	created_at timestamptz NOT NULL,
	updated_at timestamptz NOT NULL
);
CREATE INDEX conversations_tenant ON conversations (tenant_id, id);
CREATE INDEX conversations_contact ON conversations (tenant_id, channel, contact);

CREATE TABLE messages (
	id uuid PRIMARY KEY,
	tenant_id uuid NOT NULL REFERENCES tenants(id),
	conversation_id uuid NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
	role text NOT NULL CHECK (role IN ('user', 'assistant', 'tool', 'system')),
	content text NOT NULL,
	idempotency_key text,
	reply_to uuid,                        -- assistant/tool: the user message answered
	created_at timestamptz NOT NULL,
	UNIQUE (conversation_id, idempotency_key)
);
CREATE INDEX messages_conversation ON messages (conversation_id, id);
-- one stored reply per user message, whichever worker finishes it
CREATE UNIQUE INDEX messages_one_reply ON messages (reply_to) WHERE role = 'assistant';

-- Fixed-window counters: bucket = "<limit>:<subject>", window_start = epoch
-- seconds of the window; one upsert per hit.
CREATE TABLE rate_limits (
	bucket text PRIMARY KEY,
	window_start bigint NOT NULL,
	count bigint NOT NULL
);
