-- The asset list's usual filters answered from covering indexes: area + status in inventory
-- order, and a type's assets by last change (status kept in the index for the default
-- "not disposed" filter), so counting a page's matches never reads the table.
CREATE INDEX assets_area_status ON assets(area_id, status, inventory_number);
CREATE INDEX assets_type_updated ON assets(type_id, updated_at, id, status);
