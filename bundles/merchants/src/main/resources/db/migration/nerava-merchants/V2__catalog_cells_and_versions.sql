-- Portable SQL: runs on H2 2.x and PostgreSQL 12+.
--
-- A nationwide catalog is searched in the database, not scanned in memory: every merchant carries the grid cell it
-- lies in (CatalogGrid: 1/16 of a degree of latitude by 1/16 of longitude, row * 10000 + column), so a nearby search
-- reads the few cells around the point through an index and measures only what they hold. The cell is computed the
-- same way here and in Java: multiplying by 16 is exact in binary floating point, so both sides floor the same number.
--
-- Nodes follow changes by version: catalog_state holds the catalog's version (raised by every load that changes
-- something) and its counts; each changed row is stamped with the version that changed it, so a node asks for the
-- rows newer than the version it has seen instead of reading the whole catalog again.
--
-- Every statement may meet its work done: a database whose tables already have these columns but whose history was
-- lost is baselined at version 1 (see V1) and runs this script again over them (IF NOT EXISTS, a guarded insert).

ALTER TABLE merchant ADD COLUMN IF NOT EXISTS cell BIGINT;
UPDATE merchant SET cell = CAST(FLOOR((lat + 90) * 16) AS BIGINT) * 10000 + CAST(FLOOR((lng + 180) * 16) AS BIGINT);
ALTER TABLE merchant ALTER COLUMN cell SET NOT NULL;
ALTER TABLE merchant ADD COLUMN IF NOT EXISTS catalog_version BIGINT DEFAULT 0 NOT NULL;
CREATE INDEX IF NOT EXISTS merchant_cell ON merchant (cell);
CREATE INDEX IF NOT EXISTS merchant_catalog_version ON merchant (catalog_version);

ALTER TABLE charger ADD COLUMN IF NOT EXISTS catalog_version BIGINT DEFAULT 0 NOT NULL;
CREATE INDEX IF NOT EXISTS charger_catalog_version ON charger (catalog_version);

CREATE TABLE IF NOT EXISTS catalog_state (
    id INTEGER NOT NULL PRIMARY KEY,
    version BIGINT NOT NULL,
    chargers BIGINT NOT NULL,
    merchants BIGINT NOT NULL
);
INSERT INTO catalog_state (id, version, chargers, merchants)
    SELECT 1, 1, (SELECT COUNT(*) FROM charger), (SELECT COUNT(*) FROM merchant)
    WHERE NOT EXISTS (SELECT 1 FROM catalog_state);
