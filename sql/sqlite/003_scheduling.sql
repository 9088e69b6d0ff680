-- Scheduling: closures, external busy blocks, appointments, the iCal feed token.
-- Times are RFC 3339 UTC text ("YYYY-MM-DDTHH:MM:SSZ"), which sorts and
-- compares correctly as text.
CREATE TABLE closures (
	id TEXT PRIMARY KEY,
	tenant_id TEXT NOT NULL REFERENCES tenants(id),
	starts_on TEXT NOT NULL, -- local date YYYY-MM-DD, inclusive
	ends_on TEXT NOT NULL,   -- local date, inclusive
	label TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	CHECK (ends_on >= starts_on)
);
CREATE INDEX closures_tenant ON closures (tenant_id, starts_on);

CREATE TABLE busy_blocks (
	id TEXT PRIMARY KEY,
	tenant_id TEXT NOT NULL REFERENCES tenants(id),
	starts_at TEXT NOT NULL,
	ends_at TEXT NOT NULL,
	source TEXT NOT NULL DEFAULT 'calendar',
	external_id TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	CHECK (ends_at > starts_at)
);
CREATE INDEX busy_blocks_tenant ON busy_blocks (tenant_id, starts_at);

CREATE TABLE appointments (
	id TEXT PRIMARY KEY,
	tenant_id TEXT NOT NULL REFERENCES tenants(id),
	service_id TEXT NOT NULL REFERENCES services(id),
	customer_id TEXT NOT NULL REFERENCES customers(id),
	starts_at TEXT NOT NULL,
	ends_at TEXT NOT NULL,
	busy_until TEXT NOT NULL, -- ends_at + the service's buffer: what a booking blocks
	status TEXT NOT NULL DEFAULT 'booked'
		CHECK (status IN ('booked', 'cancelled', 'completed', 'no_show')),
	source TEXT NOT NULL DEFAULT 'api'
		CHECK (source IN ('chat', 'phone', 'sms', 'api', 'calendar')),
	notes TEXT NOT NULL DEFAULT '',
	external_event_id TEXT,
	cancelled_at TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	CHECK (ends_at > starts_at AND busy_until >= ends_at)
);
CREATE INDEX appointments_tenant_time ON appointments (tenant_id, starts_at);
CREATE INDEX appointments_customer ON appointments (tenant_id, customer_id);

-- No double booking, enforced by the database whatever the caller: a booked
-- appointment may not overlap another booked one of the same tenant.
CREATE TRIGGER appointments_no_overlap_insert BEFORE INSERT ON appointments
WHEN NEW.status = 'booked' AND EXISTS (
	SELECT 1 FROM appointments a WHERE a.tenant_id = NEW.tenant_id AND a.status = 'booked'
	AND a.starts_at < NEW.busy_until AND a.busy_until > NEW.starts_at)
BEGIN
	SELECT RAISE(ABORT, 'appointment overlaps another booking');
END;
CREATE TRIGGER appointments_no_overlap_update BEFORE UPDATE OF starts_at, busy_until, status
ON appointments
WHEN NEW.status = 'booked' AND EXISTS (
	SELECT 1 FROM appointments a WHERE a.tenant_id = NEW.tenant_id AND a.status = 'booked'
	AND a.id <> NEW.id AND a.starts_at < NEW.busy_until AND a.busy_until > NEW.starts_at)
BEGIN
	SELECT RAISE(ABORT, 'appointment overlaps another booking');
END;

ALTER TABLE tenants ADD COLUMN ical_token_hash TEXT;
CREATE UNIQUE INDEX tenants_ical_token ON tenants (ical_token_hash);
