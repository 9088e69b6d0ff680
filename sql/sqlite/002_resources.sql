-- Tenant profile, agents, phone numbers, services, connectors, customers.
ALTER TABLE tenants ADD COLUMN tone TEXT NOT NULL DEFAULT 'professional';
ALTER TABLE tenants ADD COLUMN business_hours TEXT; -- JSON {"weekly": {...}}
ALTER TABLE tenants ADD COLUMN knowledge_base TEXT NOT NULL DEFAULT '';
ALTER TABLE tenants ADD COLUMN forwarding_phone TEXT;
ALTER TABLE tenants ADD COLUMN business_name TEXT;
ALTER TABLE tenants ADD COLUMN tagline TEXT;
ALTER TABLE tenants ADD COLUMN bio TEXT;
ALTER TABLE tenants ADD COLUMN phone TEXT;
ALTER TABLE tenants ADD COLUMN website TEXT;
ALTER TABLE tenants ADD COLUMN social_links TEXT; -- JSON object

CREATE TABLE agents (
	id TEXT PRIMARY KEY,
	tenant_id TEXT NOT NULL REFERENCES tenants(id),
	name TEXT NOT NULL,
	role TEXT NOT NULL DEFAULT 'receptionist'
		CHECK (role IN ('receptionist', 'sales', 'support', 'dispatcher', 'custom')),
	system_prompt TEXT NOT NULL,
	greeting TEXT NOT NULL DEFAULT '',
	language TEXT NOT NULL DEFAULT 'en-US',
	voice TEXT NOT NULL DEFAULT '',
	channels TEXT NOT NULL DEFAULT '{}',
	is_default INTEGER NOT NULL DEFAULT 0,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX agents_tenant ON agents (tenant_id, id);
-- at most one default agent per tenant, whatever the code does
CREATE UNIQUE INDEX agents_one_default ON agents (tenant_id) WHERE is_default = 1;

CREATE TABLE phone_numbers (
	id TEXT PRIMARY KEY,
	tenant_id TEXT NOT NULL REFERENCES tenants(id),
	did_number TEXT NOT NULL UNIQUE, -- E.164, unique across all tenants
	provider TEXT NOT NULL DEFAULT 'generic' CHECK (provider IN ('generic', 'twilio')),
	provider_sid TEXT,
	agent_id TEXT REFERENCES agents(id) ON DELETE SET NULL,
	is_active INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX phone_numbers_tenant ON phone_numbers (tenant_id, id);

CREATE TABLE services (
	id TEXT PRIMARY KEY,
	tenant_id TEXT NOT NULL REFERENCES tenants(id),
	name TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	duration_min INTEGER NOT NULL CHECK (duration_min BETWEEN 5 AND 480),
	buffer_min INTEGER NOT NULL DEFAULT 0 CHECK (buffer_min BETWEEN 0 AND 240),
	price INTEGER NOT NULL DEFAULT 0 CHECK (price >= 0),
	currency TEXT NOT NULL DEFAULT 'USD',
	active INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX services_tenant ON services (tenant_id, id);

CREATE TABLE connectors (
	id TEXT PRIMARY KEY,
	tenant_id TEXT NOT NULL REFERENCES tenants(id),
	type TEXT NOT NULL CHECK (type IN ('calendly', 'google_calendar', 'square', 'agendapro')),
	config TEXT NOT NULL DEFAULT '{}',
	is_active INTEGER NOT NULL DEFAULT 0,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX connectors_tenant ON connectors (tenant_id, id);
-- at most one active connector per tenant, enforced by the database
CREATE UNIQUE INDEX connectors_one_active ON connectors (tenant_id) WHERE is_active = 1;

CREATE TABLE customers (
	id TEXT PRIMARY KEY,
	tenant_id TEXT NOT NULL REFERENCES tenants(id),
	name TEXT NOT NULL DEFAULT '',
	phone TEXT,
	email TEXT,
	notes TEXT NOT NULL DEFAULT '',
	last_contact_at TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (tenant_id, phone)
);
CREATE INDEX customers_tenant ON customers (tenant_id, id);
