-- Availability reads every booked appointment of a tenant in the asked
-- window (starts_at < to AND busy_until > from AND id <> the one being
-- moved). A partial covering index answers that from the index alone.
CREATE INDEX appointments_busy ON appointments (tenant_id, starts_at)
	INCLUDE (busy_until, id) WHERE status = 'booked';

-- Every write that can change a tenant's free slots bumps its schedule
-- version; workers cache rendered availability answers keyed on it (see
-- lib/availcache.c), so triggers keep the cache honest whoever writes.

CREATE TABLE sched_versions (
	tenant_id uuid PRIMARY KEY,
	version bigint NOT NULL
);

CREATE FUNCTION sched_bump() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	t uuid;
BEGIN
	IF TG_TABLE_NAME = 'tenants' THEN
		t := NEW.id;
	ELSIF TG_OP = 'DELETE' THEN
		t := OLD.tenant_id;
	ELSE
		t := NEW.tenant_id;
	END IF;
	INSERT INTO sched_versions (tenant_id, version) VALUES (t, 1)
		ON CONFLICT (tenant_id) DO UPDATE SET version = sched_versions.version + 1;
	RETURN NULL;
END
$$;

CREATE TRIGGER appointments_sched AFTER INSERT OR UPDATE OR DELETE ON appointments
	FOR EACH ROW EXECUTE FUNCTION sched_bump();

CREATE TRIGGER busy_blocks_sched AFTER INSERT OR UPDATE OR DELETE ON busy_blocks
	FOR EACH ROW EXECUTE FUNCTION sched_bump();

CREATE TRIGGER closures_sched AFTER INSERT OR UPDATE OR DELETE ON closures
	FOR EACH ROW EXECUTE FUNCTION sched_bump();

CREATE TRIGGER services_sched AFTER UPDATE OR DELETE ON services
	FOR EACH ROW EXECUTE FUNCTION sched_bump();

CREATE TRIGGER tenants_sched AFTER UPDATE OF timezone, business_hours, status ON tenants
	FOR EACH ROW EXECUTE FUNCTION sched_bump();
