-- Conversations and their messages (every channel), and the rate-limit
-- counters shared by all workers and hosts.
CREATE TABLE conversations (
	id TEXT PRIMARY KEY,
	tenant_id TEXT NOT NULL REFERENCES tenants(id),
	channel TEXT NOT NULL CHECK (channel IN ('web', 'sms', 'phone', 'whatsapp', 'instagram',
		'messenger', 'chatgpt')),
	customer_id TEXT REFERENCES customers(id) ON DELETE SET NULL,
	agent_id TEXT REFERENCES agents(id) ON DELETE SET NULL,
	status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'needs_attention', 'closed')),
	tags TEXT NOT NULL DEFAULT '[]',      -- JSON array of tags ([a-z0-9-]{1,32})
	time_saved_s INTEGER NOT NULL DEFAULT 0 CHECK (time_saved_s >= 0),
	state TEXT NOT NULL DEFAULT '{}',     -- the agent's dialog state (JSON)
	token_hash TEXT UNIQUE,               -- public chat token, SHA-256 hex; NULL off the web
	contact TEXT,                         -- the customer's address on the channel (E.164 for sms/phone)
	client_ip TEXT,
	reply_to TEXT,                        -- the user message a worker is answering now
	reply_until TEXT,                     -- ... until then (a crashed worker's claim expires)
	last_message_at TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX conversations_tenant ON conversations (tenant_id, id);
CREATE INDEX conversations_contact ON conversations (tenant_id, channel, contact);

CREATE TABLE messages (
	id TEXT PRIMARY KEY,
	tenant_id TEXT NOT NULL REFERENCES tenants(id),
	conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
	role TEXT NOT NULL CHECK (role IN ('user', 'assistant', 'tool', 'system')),
	content TEXT NOT NULL,
	idempotency_key TEXT,
	reply_to TEXT,                        -- assistant/tool: the user message answered
	created_at TEXT NOT NULL,
	UNIQUE (conversation_id, idempotency_key)
);
CREATE INDEX messages_conversation ON messages (conversation_id, id);
-- one stored reply per user message, whichever worker finishes it
CREATE UNIQUE INDEX messages_one_reply ON messages (reply_to) WHERE role = 'assistant';

-- Fixed-window counters: bucket = "<limit>:<subject>", window_start = epoch
-- seconds of the window; one upsert per hit.
CREATE TABLE rate_limits (
	bucket TEXT PRIMARY KEY,
	window_start INTEGER NOT NULL,
	count INTEGER NOT NULL
);
