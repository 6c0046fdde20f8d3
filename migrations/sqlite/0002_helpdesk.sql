-- Helpdesk (mesa de servicio): queues per DSI department, service catalog, settings and days
-- off for the business calendar, tickets with SLA clocks, timeline entries, attachments,
-- saved views, recurring tickets, the e-mail outbox, and full-text search (FTS5).
CREATE TABLE helpdesk_queues (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  area_id          INTEGER NOT NULL UNIQUE REFERENCES areas(id),
  name             TEXT NOT NULL,
  assignment       TEXT NOT NULL DEFAULT 'manual' CHECK (assignment IN ('manual','round_robin','least_open')),
  last_assignee_id INTEGER,
  active           INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL
);

CREATE TABLE helpdesk_categories (
  id                 INTEGER PRIMARY KEY AUTOINCREMENT,
  code               TEXT NOT NULL UNIQUE,
  name               TEXT NOT NULL,
  description        TEXT NOT NULL DEFAULT '',
  queue_id           INTEGER NOT NULL REFERENCES helpdesk_queues(id),
  kind               TEXT NOT NULL CHECK (kind IN ('reporte','solicitud','ambos')),
  impact             INTEGER NOT NULL CHECK (impact BETWEEN 1 AND 3),
  urgency            INTEGER NOT NULL CHECK (urgency BETWEEN 1 AND 3),
  response_minutes   INTEGER,
  resolution_minutes INTEGER,
  fields             TEXT NOT NULL DEFAULT '[]',
  active             INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
  search_key         TEXT NOT NULL,
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL
);
CREATE INDEX helpdesk_categories_queue ON helpdesk_categories(queue_id, name);

-- key → JSON value (calendar, sla_targets, warning_percent, reopen_days, autoclose_days).
CREATE TABLE helpdesk_settings (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- Days an administrator declares non-working (one day, or a range), on top of the law's.
CREATE TABLE helpdesk_days_off (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  date_from  TEXT NOT NULL,
  date_to    TEXT NOT NULL,
  label      TEXT NOT NULL,
  source     TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE helpdesk_tickets (
  id                  INTEGER PRIMARY KEY AUTOINCREMENT,
  kind                TEXT NOT NULL CHECK (kind IN ('reporte','solicitud')),
  title               TEXT NOT NULL,
  description         TEXT NOT NULL,
  category_id         INTEGER NOT NULL REFERENCES helpdesk_categories(id),
  queue_id            INTEGER NOT NULL REFERENCES helpdesk_queues(id),
  channel             TEXT NOT NULL,
  requester_person_id INTEGER REFERENCES people(id),
  requester_user_id   INTEGER REFERENCES users(id),
  requester_name      TEXT NOT NULL,
  area_id             INTEGER NOT NULL REFERENCES areas(id),
  impact              INTEGER NOT NULL,
  urgency             INTEGER NOT NULL,
  priority            INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 4),
  priority_reason     TEXT,
  status              TEXT NOT NULL,
  is_open             INTEGER NOT NULL DEFAULT 1 CHECK (is_open IN (0,1)),
  assignee_id         INTEGER REFERENCES users(id),
  parent_id           INTEGER REFERENCES helpdesk_tickets(id),
  duplicate_of_id     INTEGER REFERENCES helpdesk_tickets(id),
  merged_into_id      INTEGER REFERENCES helpdesk_tickets(id),
  fields              TEXT NOT NULL DEFAULT '{}',
  assets              TEXT NOT NULL DEFAULT '[]',
  response_minutes    INTEGER NOT NULL,
  resolution_minutes  INTEGER NOT NULL,
  response_due_at     TEXT,
  resolution_due_at   TEXT,
  response_warn_at    TEXT,
  resolution_warn_at  TEXT,
  response_state      TEXT NOT NULL DEFAULT 'ok',
  resolution_state    TEXT NOT NULL DEFAULT 'ok',
  paused_since        TEXT,
  first_response_at   TEXT,
  resolved_at         TEXT,
  closed_at           TEXT,
  reopen_count        INTEGER NOT NULL DEFAULT 0,
  rating              INTEGER,
  rating_comment      TEXT,
  rated_at            TEXT,
  created_by          INTEGER REFERENCES users(id),
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL
);
CREATE INDEX helpdesk_tickets_queue ON helpdesk_tickets(queue_id, is_open, updated_at);
-- The technicians' queue view: open tickets of one queue, newest activity first, in index order.
CREATE INDEX helpdesk_tickets_queue_open ON helpdesk_tickets(queue_id, updated_at DESC, id DESC) WHERE is_open = 1;
CREATE INDEX helpdesk_tickets_assignee ON helpdesk_tickets(assignee_id, is_open, updated_at);
CREATE INDEX helpdesk_tickets_area ON helpdesk_tickets(area_id, updated_at);
CREATE INDEX helpdesk_tickets_requester ON helpdesk_tickets(requester_user_id, updated_at);
CREATE INDEX helpdesk_tickets_updated ON helpdesk_tickets(updated_at);
CREATE INDEX helpdesk_tickets_open_due ON helpdesk_tickets(is_open, resolution_due_at);
CREATE INDEX helpdesk_tickets_status ON helpdesk_tickets(status, resolved_at);
CREATE INDEX helpdesk_tickets_created ON helpdesk_tickets(created_at);
CREATE INDEX helpdesk_tickets_parent ON helpdesk_tickets(parent_id);
-- Dashboards: response compliance and satisfaction over a period.
CREATE INDEX helpdesk_tickets_first_response ON helpdesk_tickets(first_response_at);
CREATE INDEX helpdesk_tickets_rated ON helpdesk_tickets(rated_at) WHERE rated_at IS NOT NULL;

-- Intervals during which the SLA clocks stop (waiting for the requester or a supplier).
CREATE TABLE helpdesk_pauses (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  ticket_id INTEGER NOT NULL REFERENCES helpdesk_tickets(id),
  reason    TEXT NOT NULL,
  from_at   TEXT NOT NULL,
  to_at     TEXT
);
CREATE INDEX helpdesk_pauses_ticket ON helpdesk_pauses(ticket_id);

CREATE TABLE helpdesk_attachments (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  ticket_id   INTEGER NOT NULL REFERENCES helpdesk_tickets(id),
  sha256      TEXT NOT NULL,
  size        INTEGER NOT NULL,
  media_type  TEXT NOT NULL,
  filename    TEXT NOT NULL,
  created_by  INTEGER REFERENCES users(id),
  created_at  TEXT NOT NULL
);
CREATE INDEX helpdesk_attachments_ticket ON helpdesk_attachments(ticket_id);

-- The timeline: public replies, internal notes, change events and attachments. Append-only.
CREATE TABLE helpdesk_entries (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  ticket_id     INTEGER NOT NULL REFERENCES helpdesk_tickets(id),
  kind          TEXT NOT NULL CHECK (kind IN ('reply','note','event','attachment')),
  visibility    TEXT NOT NULL CHECK (visibility IN ('public','internal')),
  author_id     INTEGER REFERENCES users(id),
  author_name   TEXT NOT NULL,
  via           TEXT NOT NULL,
  body          TEXT NOT NULL DEFAULT '',
  changes       TEXT,
  attachment_id INTEGER REFERENCES helpdesk_attachments(id),
  created_at    TEXT NOT NULL
);
CREATE INDEX helpdesk_entries_ticket ON helpdesk_entries(ticket_id, id);

CREATE TABLE helpdesk_views (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id    INTEGER NOT NULL REFERENCES users(id),
  name       TEXT NOT NULL,
  query      TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (user_id, name)
);

CREATE TABLE helpdesk_recurring (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  title          TEXT NOT NULL,
  description    TEXT NOT NULL,
  category_id    INTEGER NOT NULL REFERENCES helpdesk_categories(id),
  frequency      TEXT NOT NULL CHECK (frequency IN ('daily','weekly','monthly')),
  day            INTEGER,
  time_of_day    TEXT NOT NULL,
  next_run_at    TEXT NOT NULL,
  active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
  last_ticket_id INTEGER,
  created_by     INTEGER REFERENCES users(id),
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
);
CREATE INDEX helpdesk_recurring_due ON helpdesk_recurring(active, next_run_at);

-- Notifications waiting for the SMTP sender; rows stay as the record of what was sent.
CREATE TABLE mail_outbox (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  ticket_id   INTEGER,
  kind        TEXT NOT NULL,
  to_address  TEXT NOT NULL,
  to_name     TEXT NOT NULL DEFAULT '',
  subject     TEXT NOT NULL,
  body        TEXT NOT NULL,
  message_id  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  next_try_at TEXT NOT NULL,
  attempts    INTEGER NOT NULL DEFAULT 0,
  sent_at     TEXT,
  last_error  TEXT
);
CREATE INDEX mail_outbox_pending ON mail_outbox(sent_at, next_try_at);

-- Full text: accents and case folded by the tokenizer; kept in step by triggers.
CREATE VIRTUAL TABLE helpdesk_ticket_fts USING fts5(title, description, content='helpdesk_tickets',
  content_rowid='id', tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER helpdesk_tickets_fts_ai AFTER INSERT ON helpdesk_tickets BEGIN
  INSERT INTO helpdesk_ticket_fts(rowid, title, description) VALUES (new.id, new.title, new.description);
END;
CREATE TRIGGER helpdesk_tickets_fts_au AFTER UPDATE OF title, description ON helpdesk_tickets BEGIN
  INSERT INTO helpdesk_ticket_fts(helpdesk_ticket_fts, rowid, title, description)
    VALUES ('delete', old.id, old.title, old.description);
  INSERT INTO helpdesk_ticket_fts(rowid, title, description) VALUES (new.id, new.title, new.description);
END;
CREATE VIRTUAL TABLE helpdesk_entry_fts USING fts5(body, content='helpdesk_entries', content_rowid='id',
  tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER helpdesk_entries_fts_ai AFTER INSERT ON helpdesk_entries WHEN new.kind IN ('reply','note') BEGIN
  INSERT INTO helpdesk_entry_fts(rowid, body) VALUES (new.id, new.body);
END;
