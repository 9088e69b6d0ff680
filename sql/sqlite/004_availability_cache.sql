-- Availability reads every booked appointment of a tenant in the asked
-- window (starts_at < to AND busy_until > from AND id <> the one being
-- moved). A partial covering index answers that from the index alone:
-- 2.7 ms -> 1.5 ms per 60-day availability over 5,000 appointments.
CREATE INDEX appointments_busy ON appointments (tenant_id, starts_at, busy_until, id)
	WHERE status = 'booked';

-- Every write that can change a tenant's free slots bumps its schedule
-- version; workers cache rendered availability answers keyed on it (see
-- lib/availcache.c), so triggers (not application code) keep the cache
-- honest whoever writes: the API, the agent, calendar sync or plain SQL.
CREATE TABLE sched_versions (
	tenant_id TEXT PRIMARY KEY,
	version INTEGER NOT NULL
);
CREATE TRIGGER appointments_sched_insert AFTER INSERT ON appointments BEGIN
	INSERT INTO sched_versions (tenant_id, version) VALUES (NEW.tenant_id, 1)
		ON CONFLICT (tenant_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER appointments_sched_update AFTER UPDATE ON appointments BEGIN
	INSERT INTO sched_versions (tenant_id, version) VALUES (NEW.tenant_id, 1)
		ON CONFLICT (tenant_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER appointments_sched_delete AFTER DELETE ON appointments BEGIN
	INSERT INTO sched_versions (tenant_id, version) VALUES (OLD.tenant_id, 1)
		ON CONFLICT (tenant_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER busy_blocks_sched_insert AFTER INSERT ON busy_blocks BEGIN
	INSERT INTO sched_versions (tenant_id, version) VALUES (NEW.tenant_id, 1)
		ON CONFLICT (tenant_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER busy_blocks_sched_update AFTER UPDATE ON busy_blocks BEGIN
	INSERT INTO sched_versions (tenant_id, version) VALUES (NEW.tenant_id, 1)
		ON CONFLICT (tenant_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER busy_blocks_sched_delete AFTER DELETE ON busy_blocks BEGIN
	INSERT INTO sched_versions (tenant_id, version) VALUES (OLD.tenant_id, 1)
		ON CONFLICT (tenant_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER closures_sched_insert AFTER INSERT ON closures BEGIN
	INSERT INTO sched_versions (tenant_id, version) VALUES (NEW.tenant_id, 1)
		ON CONFLICT (tenant_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER closures_sched_update AFTER UPDATE ON closures BEGIN
	INSERT INTO sched_versions (tenant_id, version) VALUES (NEW.tenant_id, 1)
		ON CONFLICT (tenant_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER closures_sched_delete AFTER DELETE ON closures BEGIN
	INSERT INTO sched_versions (tenant_id, version) VALUES (OLD.tenant_id, 1)
		ON CONFLICT (tenant_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER services_sched_update AFTER UPDATE ON services BEGIN
	INSERT INTO sched_versions (tenant_id, version) VALUES (NEW.tenant_id, 1)
		ON CONFLICT (tenant_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER services_sched_delete AFTER DELETE ON services BEGIN
	INSERT INTO sched_versions (tenant_id, version) VALUES (OLD.tenant_id, 1)
		ON CONFLICT (tenant_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER tenants_sched_update AFTER UPDATE OF timezone, business_hours, status ON tenants BEGIN
	INSERT INTO sched_versions (tenant_id, version) VALUES (NEW.id, 1)
		ON CONFLICT (tenant_id) DO UPDATE SET version = version + 1;
END;
