-- PostgreSQL only: its asset-list index now includes the row id (see the postgres migration of
-- the same number). SQLite indexes always carry the rowid, so nothing changes here.
SELECT 1;
