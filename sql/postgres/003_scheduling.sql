-- Scheduling: closures, external busy blocks, appointments, the iCal feed token.
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE closures (
	id uuid PRIMARY KEY,
	tenant_id uuid NOT NULL REFERENCES tenants(id),
	starts_on text NOT NULL, -- local date YYYY-MM-DD, inclusive
	ends_on text NOT NULL,   -- local date, inclusive
	label text NOT NULL DEFAULT '',
	created_at timestamptz NOT NULL,
	updated_at timestamptz NOT NULL,
	CHECK (ends_on >= starts_on)
);
CREATE INDEX closures_tenant ON closures (tenant_id, starts_on);

CREATE TABLE busy_blocks (
	id uuid PRIMARY KEY,
	tenant_id uuid NOT NULL REFERENCES tenants(id),
	starts_at timestamptz NOT NULL,
	ends_at timestamptz NOT NULL,
	source text NOT NULL DEFAULT 'calendar',
	external_id text,
	created_at timestamptz NOT NULL,
	updated_at timestamptz NOT NULL,
	CHECK (ends_at > starts_at)
);
CREATE INDEX busy_blocks_tenant ON busy_blocks (tenant_id, starts_at);

CREATE TABLE appointments (
	id uuid PRIMARY KEY,
	tenant_id uuid NOT NULL REFERENCES tenants(id),
	service_id uuid NOT NULL REFERENCES services(id),
	customer_id uuid NOT NULL REFERENCES customers(id),
	starts_at timestamptz NOT NULL,
	ends_at timestamptz NOT NULL,
	busy_until timestamptz NOT NULL, -- ends_at + the service's buffer
	status text NOT NULL DEFAULT 'booked'
		CHECK (status IN ('booked', 'cancelled', 'completed', 'no_show')),
	source text NOT NULL DEFAULT 'api'
		CHECK (source IN ('chat', 'phone', 'sms', 'api', 'calendar')),
	notes text NOT NULL DEFAULT '',
	external_event_id text,
	cancelled_at timestamptz,
	created_at timestamptz NOT NULL,
	updated_at timestamptz NOT NULL,
	CHECK (ends_at > starts_at AND busy_until >= ends_at),
	-- No double booking, enforced by the database.
	CONSTRAINT appointments_no_overlap EXCLUDE USING gist
		(tenant_id WITH =, tstzrange(starts_at, busy_until) WITH &&) WHERE (status = 'booked')
);
CREATE INDEX appointments_tenant_time ON appointments (tenant_id, starts_at);
CREATE INDEX appointments_customer ON appointments (tenant_id, customer_id);

ALTER TABLE tenants ADD COLUMN ical_token_hash text;
CREATE UNIQUE INDEX tenants_ical_token ON tenants (ical_token_hash);
