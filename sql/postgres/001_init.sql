-- Tenants, users, credentials.
CREATE TABLE tenants (
	id uuid PRIMARY KEY,
	name text NOT NULL,
	handle text NOT NULL UNIQUE,
	timezone text NOT NULL DEFAULT 'UTC',
	status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'deleted')),
	plan text NOT NULL DEFAULT 'starter' CHECK (plan IN ('starter', 'growth', 'custom')),
	created_at timestamptz NOT NULL,
	updated_at timestamptz NOT NULL
);

CREATE TABLE users (
	id uuid PRIMARY KEY,
	tenant_id uuid NOT NULL REFERENCES tenants(id),
	email text NOT NULL UNIQUE, -- stored lower-cased: unique case-insensitively
	password_hash text NOT NULL,
	role text NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
	name text NOT NULL DEFAULT '',
	created_at timestamptz NOT NULL,
	updated_at timestamptz NOT NULL
);
CREATE INDEX users_tenant ON users (tenant_id, id);

CREATE TABLE api_keys (
	id uuid PRIMARY KEY,
	tenant_id uuid NOT NULL REFERENCES tenants(id),
	label text NOT NULL DEFAULT '',
	prefix text NOT NULL,
	key_hash text NOT NULL UNIQUE,
	created_at timestamptz NOT NULL,
	last_used_at timestamptz,
	revoked_at timestamptz
);
CREATE INDEX api_keys_tenant ON api_keys (tenant_id, id);

CREATE TABLE sessions (
	id uuid PRIMARY KEY,
	tenant_id uuid NOT NULL REFERENCES tenants(id),
	user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	token_hash text NOT NULL UNIQUE,
	created_at timestamptz NOT NULL,
	expires_at timestamptz NOT NULL,
	last_used_at timestamptz,
	revoked_at timestamptz
);
CREATE INDEX sessions_user ON sessions (user_id);
