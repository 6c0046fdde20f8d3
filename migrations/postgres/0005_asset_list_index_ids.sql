-- PostgreSQL indexes do not carry the row id as SQLite's do: without it every id of a page
-- meant a table read, and the generic plan preferred a bitmap scan and a sort (bench/assets).
-- With INCLUDE (id) the area list's ids come from the index alone.
DROP INDEX assets_area_status;
CREATE INDEX assets_area_status ON assets(area_id, status, inventory_number) INCLUDE (id);
