-- Computer fleet (parque informático): asset types with custom fields, the asset register
-- with its timeline, custody (resguardos) and their stored documents, loans, disposals,
-- attachments and physical-inventory campaigns.
CREATE TABLE asset_types (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  code       TEXT NOT NULL UNIQUE,
  name       TEXT NOT NULL UNIQUE,
  fields     TEXT NOT NULL DEFAULT '[]',
  active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- key → JSON value (inventory_pattern, label_base_url, folio_prefix).
CREATE TABLE asset_settings (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE assets (
  id                  INTEGER PRIMARY KEY AUTOINCREMENT,
  inventory_number    TEXT NOT NULL UNIQUE,
  type_id             INTEGER NOT NULL REFERENCES asset_types(id),
  serial              TEXT NOT NULL DEFAULT '',
  brand               TEXT NOT NULL DEFAULT '',
  model               TEXT NOT NULL DEFAULT '',
  specs               TEXT NOT NULL DEFAULT '',
  acquired_on         TEXT,
  invoice_number      TEXT NOT NULL DEFAULT '',
  supplier            TEXT NOT NULL DEFAULT '',
  cost_cents          INTEGER,
  budget_line         TEXT NOT NULL DEFAULT '',
  funding_source      TEXT NOT NULL DEFAULT '',
  warranty_end        TEXT,
  building            TEXT NOT NULL DEFAULT '',
  floor               TEXT NOT NULL DEFAULT '',
  office              TEXT NOT NULL DEFAULT '',
  area_id             INTEGER REFERENCES areas(id),
  status              TEXT NOT NULL DEFAULT 'en_almacen'
                      CHECK (status IN ('en_almacen','asignado','en_prestamo','en_reparacion','baja_en_tramite','dado_de_baja')),
  condition           TEXT NOT NULL DEFAULT 'bueno' CHECK (condition IN ('bueno','regular','malo')),
  custodian_person_id INTEGER REFERENCES people(id),
  parent_id           INTEGER REFERENCES assets(id),
  fields              TEXT NOT NULL DEFAULT '{}',
  notes               TEXT NOT NULL DEFAULT '',
  search_key          TEXT NOT NULL,
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL
);
-- Active lists: by status/area/type in inventory-number order; the custodian's page; children.
CREATE INDEX assets_area ON assets(area_id, inventory_number);
CREATE INDEX assets_type ON assets(type_id, inventory_number);
CREATE INDEX assets_status ON assets(status, inventory_number);
CREATE INDEX assets_custodian ON assets(custodian_person_id) WHERE custodian_person_id IS NOT NULL;
CREATE INDEX assets_parent ON assets(parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX assets_warranty ON assets(warranty_end) WHERE warranty_end IS NOT NULL;
CREATE INDEX assets_updated ON assets(updated_at);

CREATE TABLE asset_events (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  asset_id      INTEGER NOT NULL REFERENCES assets(id),
  kind          TEXT NOT NULL,
  summary       TEXT NOT NULL,
  changes       TEXT,
  author_id     INTEGER,
  author_name   TEXT NOT NULL,
  document_id   INTEGER,
  created_at    TEXT NOT NULL
);
CREATE INDEX asset_events_asset ON asset_events(asset_id, id);

-- Custody documents (resguardo, transferencia, devolución, no adeudo). The PDF is written once,
-- stored content-addressed under data_dir/documents, and served byte-identical afterwards.
CREATE TABLE custody_documents (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  folio           TEXT NOT NULL UNIQUE,
  kind            TEXT NOT NULL CHECK (kind IN ('asignacion','transferencia','devolucion','no_adeudo')),
  person_id       INTEGER NOT NULL REFERENCES people(id),
  person_name     TEXT NOT NULL,
  position        TEXT NOT NULL,
  area_name       TEXT NOT NULL,
  previous_id     INTEGER REFERENCES custody_documents(id),
  assets          TEXT NOT NULL DEFAULT '[]',
  notes           TEXT NOT NULL DEFAULT '',
  pdf_sha256      TEXT NOT NULL,
  pdf_size        INTEGER NOT NULL,
  created_by      INTEGER,
  created_by_name TEXT NOT NULL,
  created_at      TEXT NOT NULL
);
CREATE INDEX custody_documents_person ON custody_documents(person_id, id);

-- One open custody per asset (ended_at NULL).
CREATE TABLE custodies (
  id                 INTEGER PRIMARY KEY AUTOINCREMENT,
  asset_id           INTEGER NOT NULL REFERENCES assets(id),
  person_id          INTEGER NOT NULL REFERENCES people(id),
  document_id        INTEGER NOT NULL REFERENCES custody_documents(id),
  closing_document_id INTEGER REFERENCES custody_documents(id),
  started_at         TEXT NOT NULL,
  ended_at           TEXT
);
CREATE UNIQUE INDEX custodies_open ON custodies(asset_id) WHERE ended_at IS NULL;
CREATE INDEX custodies_person ON custodies(person_id, ended_at);

CREATE TABLE asset_loans (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  asset_id         INTEGER NOT NULL REFERENCES assets(id),
  person_id        INTEGER NOT NULL REFERENCES people(id),
  lent_at          TEXT NOT NULL,
  due_on           TEXT NOT NULL,
  returned_at      TEXT,
  notes            TEXT NOT NULL DEFAULT '',
  reminded_before  INTEGER NOT NULL DEFAULT 0,
  reminded_overdue INTEGER NOT NULL DEFAULT 0,
  created_by       INTEGER
);
CREATE UNIQUE INDEX asset_loans_open ON asset_loans(asset_id) WHERE returned_at IS NULL;
CREATE INDEX asset_loans_due ON asset_loans(due_on) WHERE returned_at IS NULL;
CREATE INDEX asset_loans_person ON asset_loans(person_id);

CREATE TABLE asset_disposals (
  id                INTEGER PRIMARY KEY AUTOINCREMENT,
  folio             TEXT NOT NULL UNIQUE,
  status            TEXT NOT NULL CHECK (status IN ('solicitada','aprobada','rechazada')),
  reason            TEXT NOT NULL,
  opinion_ref       TEXT,
  requested_by      INTEGER,
  requested_by_name TEXT NOT NULL,
  requested_at      TEXT NOT NULL,
  decided_by_name   TEXT,
  decided_at        TEXT,
  decision_notes    TEXT NOT NULL DEFAULT ''
);
CREATE TABLE asset_disposal_items (
  disposal_id INTEGER NOT NULL REFERENCES asset_disposals(id),
  asset_id    INTEGER NOT NULL REFERENCES assets(id),
  PRIMARY KEY (disposal_id, asset_id)
);
CREATE INDEX asset_disposal_items_asset ON asset_disposal_items(asset_id);

CREATE TABLE asset_attachments (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  asset_id    INTEGER NOT NULL REFERENCES assets(id),
  filename    TEXT NOT NULL,
  media_type  TEXT NOT NULL,
  size        INTEGER NOT NULL,
  sha256      TEXT NOT NULL,
  created_by  INTEGER,
  created_at  TEXT NOT NULL
);
CREATE INDEX asset_attachments_asset ON asset_attachments(asset_id);

CREATE TABLE inventory_campaigns (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  name        TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('abierta','cerrada')),
  area_ids    TEXT NOT NULL,
  notes       TEXT NOT NULL DEFAULT '',
  opened_by   INTEGER,
  opened_at   TEXT NOT NULL,
  closed_at   TEXT
);

CREATE TABLE inventory_scans (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  campaign_id      INTEGER NOT NULL REFERENCES inventory_campaigns(id),
  inventory_number TEXT NOT NULL,
  asset_id         INTEGER REFERENCES assets(id),
  building         TEXT NOT NULL DEFAULT '',
  floor            TEXT NOT NULL DEFAULT '',
  office           TEXT NOT NULL DEFAULT '',
  note             TEXT NOT NULL DEFAULT '',
  scanned_by       INTEGER,
  scanned_by_name  TEXT NOT NULL,
  scanned_at       TEXT NOT NULL,
  UNIQUE (campaign_id, inventory_number)
);

-- Yearly folio counters per document series (RES-2026-000001, BAJ-2026-000001).
CREATE TABLE asset_folios (
  series TEXT NOT NULL,
  year   INTEGER NOT NULL,
  last   INTEGER NOT NULL,
  PRIMARY KEY (series, year)
);
