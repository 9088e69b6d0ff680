-- Tenant profile, agents, phone numbers, services, connectors, customers.
ALTER TABLE tenants ADD COLUMN tone text NOT NULL DEFAULT 'professional';
ALTER TABLE tenants ADD COLUMN business_hours jsonb; -- JSON {"weekly": {...}}
ALTER TABLE tenants ADD COLUMN knowledge_base text NOT NULL DEFAULT '';
ALTER TABLE tenants ADD COLUMN forwarding_phone text;
ALTER TABLE tenants ADD COLUMN business_name text;
ALTER TABLE tenants ADD COLUMN tagline text;
ALTER TABLE tenants ADD COLUMN bio text;
ALTER TABLE tenants ADD COLUMN phone text;
ALTER TABLE tenants ADD COLUMN website text;
ALTER TABLE tenants ADD COLUMN social_links jsonb; -- JSON object

CREATE TABLE agents (
	id uuid PRIMARY KEY,
	tenant_id uuid NOT NULL REFERENCES tenants(id),
	name text NOT NULL,
	role text NOT NULL DEFAULT 'receptionist'
		CHECK (role IN ('receptionist', 'sales', 'support', 'dispatcher', 'custom')),
	system_prompt text NOT NULL,
	greeting text NOT NULL DEFAULT '',
	language text NOT NULL DEFAULT 'en-US',
	voice text NOT NULL DEFAULT '',
	channels jsonb NOT NULL DEFAULT '{}',
	is_default boolean NOT NULL DEFAULT false,
	created_at timestamptz NOT NULL,
	updated_at timestamptz NOT NULL
);
CREATE INDEX agents_tenant ON agents (tenant_id, id);
-- at most one default agent per tenant, whatever the code does
CREATE UNIQUE INDEX agents_one_default ON agents (tenant_id) WHERE is_default;

CREATE TABLE phone_numbers (
	id uuid PRIMARY KEY,
	tenant_id uuid NOT NULL REFERENCES tenants(id),
	did_number text NOT NULL UNIQUE, -- E.164, unique across all tenants
	provider text NOT NULL DEFAULT 'generic' CHECK (provider IN ('generic', 'twilio')),
	provider_sid text,
	agent_id uuid REFERENCES agents(id) ON DELETE SET NULL,
	is_active boolean NOT NULL DEFAULT true,
	created_at timestamptz NOT NULL,
	updated_at timestamptz NOT NULL
);
CREATE INDEX phone_numbers_tenant ON phone_numbers (tenant_id, id);

CREATE TABLE services (
	id uuid PRIMARY KEY,
	tenant_id uuid NOT NULL REFERENCES tenants(id),
	name text NOT NULL,
	description text NOT NULL DEFAULT '',
	duration_min integer NOT NULL CHECK (duration_min BETWEEN 5 AND 480),
	buffer_min integer NOT NULL DEFAULT 0 CHECK (buffer_min BETWEEN 0 AND 240),
	price bigint NOT NULL DEFAULT 0 CHECK (price >= 0),
	currency text NOT NULL DEFAULT 'USD',
	active boolean NOT NULL DEFAULT true,
	created_at timestamptz NOT NULL,
	updated_at timestamptz NOT NULL
);
CREATE INDEX services_tenant ON services (tenant_id, id);

CREATE TABLE connectors (
	id uuid PRIMARY KEY,
	tenant_id uuid NOT NULL REFERENCES tenants(id),
	type text NOT NULL CHECK (type IN ('calendly', 'google_calendar', 'square', 'agendapro')),
	config jsonb NOT NULL DEFAULT '{}',
	is_active boolean NOT NULL DEFAULT false,
	created_at timestamptz NOT NULL,
	updated_at timestamptz NOT NULL
);
CREATE INDEX connectors_tenant ON connectors (tenant_id, id);
-- at most one active connector per tenant, enforced by the database
CREATE UNIQUE INDEX connectors_one_active ON connectors (tenant_id) WHERE is_active;

CREATE TABLE customers (
	id uuid PRIMARY KEY,
	tenant_id uuid NOT NULL REFERENCES tenants(id),
	name text NOT NULL DEFAULT '',
	phone text,
	email text,
	notes text NOT NULL DEFAULT '',
	last_contact_at timestamptz,
	created_at timestamptz NOT NULL,
	updated_at timestamptz NOT NULL,
	UNIQUE (tenant_id, phone)
);
CREATE INDEX customers_tenant ON customers (tenant_id, id);
