-- Foundation schema: org directory, accounts, sessions, API tokens, audit log.
-- Timestamps are ISO-8601 UTC text; booleans are 0/1 integers (same on PostgreSQL).
-- AUTOINCREMENT: an id is never reused after a delete, so audit entries keep naming one thing.
CREATE TABLE areas (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  parent_id   INTEGER REFERENCES areas(id),
  code        TEXT UNIQUE,
  name        TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('dependencia','direccion','coordinacion','departamento','unidad')),
  active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
  search_key  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);
CREATE INDEX areas_parent ON areas(parent_id);

CREATE TABLE positions (
  id                   INTEGER PRIMARY KEY AUTOINCREMENT,
  area_id              INTEGER NOT NULL REFERENCES areas(id),
  title                TEXT NOT NULL,
  objective            TEXT NOT NULL DEFAULT '',
  functions            TEXT NOT NULL DEFAULT '[]',
  superior_position_id INTEGER REFERENCES positions(id),
  decision_field       TEXT NOT NULL DEFAULT '',
  search_key           TEXT NOT NULL,
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL
);
CREATE INDEX positions_area ON positions(area_id);

CREATE TABLE people (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  full_name   TEXT NOT NULL,
  area_id     INTEGER NOT NULL REFERENCES areas(id),
  position_id INTEGER REFERENCES positions(id),
  job_title   TEXT NOT NULL DEFAULT '',
  email       TEXT UNIQUE,
  extension   TEXT,
  active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
  search_key  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);
-- Covering the usual filters (area, name order, search text) so lists and counts stay in the index.
CREATE INDEX people_area ON people(area_id, full_name, search_key);
CREATE INDEX people_name ON people(full_name, search_key);

CREATE TABLE users (
  id                  INTEGER PRIMARY KEY AUTOINCREMENT,
  username            TEXT NOT NULL UNIQUE,
  display_name        TEXT NOT NULL,
  email               TEXT,
  password_hash       TEXT NOT NULL,
  role                TEXT NOT NULL,
  area_id             INTEGER REFERENCES areas(id),
  person_id           INTEGER REFERENCES people(id),
  active              INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
  failed_logins       INTEGER NOT NULL DEFAULT 0,
  locked_until        TEXT,
  search_key          TEXT NOT NULL DEFAULT '',
  password_changed_at TEXT NOT NULL,
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL
);

CREATE TABLE sessions (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  token_hash   TEXT NOT NULL UNIQUE,
  user_id      INTEGER NOT NULL REFERENCES users(id),
  csrf_token   TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at   TEXT NOT NULL,
  ip           TEXT NOT NULL DEFAULT '',
  user_agent   TEXT NOT NULL DEFAULT '',
  revoked_at   TEXT
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id      INTEGER NOT NULL REFERENCES users(id),
  name         TEXT NOT NULL,
  token_hash   TEXT NOT NULL UNIQUE,
  scopes       TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  last_used_at TEXT,
  expires_at   TEXT,
  revoked_at   TEXT
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

-- The audit log is append-only and hash-chained; audit_head serializes appends
-- (its single row is locked by the UPDATE that takes the next sequence number).
CREATE TABLE audit_head (
  id        INTEGER PRIMARY KEY CHECK (id = 1),
  seq       INTEGER NOT NULL,
  last_hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, last_hash) VALUES (1, 0, '');

CREATE TABLE audit_log (
  id            INTEGER PRIMARY KEY,
  at            TEXT NOT NULL,
  actor_user_id INTEGER,
  actor         TEXT NOT NULL,
  ip            TEXT NOT NULL,
  action        TEXT NOT NULL,
  entity        TEXT NOT NULL,
  entity_id     TEXT NOT NULL,
  changes       TEXT NOT NULL,
  prev_hash     TEXT NOT NULL,
  hash          TEXT NOT NULL
);
CREATE INDEX audit_at ON audit_log(at);
CREATE INDEX audit_entity ON audit_log(entity, entity_id);
CREATE INDEX audit_actor ON audit_log(actor);
