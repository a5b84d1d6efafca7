-- Settings changed at run time for the whole fleet (the active OTP provider...): one row per setting, its version
-- raised at each change so nodes polling it apply it once. Portable SQL for H2 2.x and PostgreSQL 12+.

CREATE TABLE fleet_setting (
    name VARCHAR(100) NOT NULL PRIMARY KEY,
    setting_value VARCHAR(1000) NOT NULL,
    version BIGINT NOT NULL,
    updated_by VARCHAR(200) NOT NULL,
    updated_at BIGINT NOT NULL
);
