package org.nerava.merchants.internal.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.nerava.merchants.internal.catalog.CatalogStore.LoadResult;
import org.nerava.merchants.internal.catalog.CatalogStore.WriteFailed;

/**
 * One load, inside its transaction: takes chargers and merchants as the file streams them and writes them a chunk at
 * a time (the rows of a chunk that exist are read with one query, the new ones inserted and the changed ones updated
 * in JDBC batches), stamping every changed row with the catalog's next version. Memory is a chunk, whatever the file.
 */
final class CatalogWriter implements SeedFile.Sink, AutoCloseable {

    static final int CHUNK = 500;

    private final Connection connection;
    private final boolean postgres;
    private final long now;
    private final long version;
    private final List<Charger> chargers = new ArrayList<>(CHUNK);
    private final List<Merchant> merchants = new ArrayList<>(CHUNK);
    private final PreparedStatement insertCharger;
    private final PreparedStatement updateCharger;
    private final PreparedStatement insertMerchant;
    private final PreparedStatement updateMerchant;
    private int chargersAdded;
    private int chargersUpdated;
    private int merchantsAdded;
    private int merchantsUpdated;

    private CatalogWriter(Connection connection, boolean postgres, long now, long version) throws SQLException {
        this.connection = connection;
        this.postgres = postgres;
        this.now = now;
        this.version = version;
        insertCharger = connection.prepareStatement("INSERT INTO charger (name, address, lat, lng, updated_at,"
                + " catalog_version, id) VALUES (?, ?, ?, ?, ?, ?, ?)");
        updateCharger = connection.prepareStatement("UPDATE charger SET name = ?, address = ?, lat = ?, lng = ?,"
                + " updated_at = ?, catalog_version = ? WHERE id = ?");
        insertMerchant = connection.prepareStatement("INSERT INTO merchant (charger_id, name, category, photo_url,"
                + " lat, lng, offer, cell, updated_at, catalog_version, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        updateMerchant = connection.prepareStatement("UPDATE merchant SET charger_id = ?, name = ?, category = ?,"
                + " photo_url = ?, lat = ?, lng = ?, offer = ?, cell = ?, updated_at = ?, catalog_version = ?"
                + " WHERE id = ?");
    }

    /**
     * Locks the catalog's state row (a load on another node waits for this one) and starts the next version.
     *
     * <p>On PostgreSQL the load's statements are planned at every run. The driver prepares a statement on the server
     * after five runs, and the server then keeps one generic plan for it, made from the table's statistics as they
     * were: for a catalog that was small when the load began, a sequential scan. Each chunk's lookup of existing ids
     * would then scan the growing table, and a load of 100,000 merchants took 109 s, nearly all of it in the database
     * (docs/performance.md, "Loading into PostgreSQL").
     */
    static CatalogWriter begin(Connection connection, long now) throws SQLException {
        boolean postgres = connection.getMetaData().getDatabaseProductName().equalsIgnoreCase("PostgreSQL");
        if (postgres) {
            try (Statement plans = connection.createStatement()) {
                plans.execute("SET LOCAL plan_cache_mode = force_custom_plan");
            }
        }
        try (PreparedStatement lock = connection.prepareStatement(
                "SELECT version FROM catalog_state WHERE id = 1 FOR UPDATE");
                ResultSet row = lock.executeQuery()) {
            if (!row.next()) {
                throw new SQLException("catalog_state has no row: schema nerava-merchants is not at version 2");
            }
            return new CatalogWriter(connection, postgres, now, row.getLong(1) + 1);
        }
    }

    @Override
    public void accept(Charger charger, List<Merchant> more) {
        try {
            chargers.add(charger);
            if (chargers.size() >= CHUNK) {
                writeChargers();
            }
            for (Merchant merchant : more) {
                merchants.add(merchant);
                if (merchants.size() >= CHUNK) {
                    writeMerchants();
                }
            }
        } catch (SQLException e) {
            throw new WriteFailed(e);
        }
    }

    /**
     * Writes what is left and the new state; the version moves only when something changed. On PostgreSQL the tables'
     * statistics are then renewed in the same transaction, as its manual advises after a bulk load: every node's
     * searches are planned from the catalog's new size as soon as the load commits (renewed statistics make the
     * server re-plan the statements it keeps), instead of after the next automatic analysis.
     */
    LoadResult finish() throws SQLException {
        writeChargers();
        writeMerchants();
        if (chargersAdded + chargersUpdated + merchantsAdded + merchantsUpdated > 0) {
            if (postgres) {
                try (Statement analyze = connection.createStatement()) {
                    analyze.execute("ANALYZE charger, merchant");
                }
            }
            try (PreparedStatement state = connection.prepareStatement("UPDATE catalog_state SET version = ?,"
                    + " chargers = chargers + ?, merchants = merchants + ? WHERE id = 1")) {
                state.setLong(1, version);
                state.setLong(2, chargersAdded);
                state.setLong(3, merchantsAdded);
                state.executeUpdate();
            }
        }
        return new LoadResult(chargersAdded, chargersUpdated, merchantsAdded, merchantsUpdated);
    }

    private void writeChargers() throws SQLException {
        if (chargers.isEmpty()) {
            return;
        }
        Map<String, Charger> existing = new HashMap<>();
        try (PreparedStatement select = selectByIds("SELECT id, name, address, lat, lng FROM charger",
                chargers.stream().map(Charger::id).toList()); ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                Charger charger = CatalogStore.charger(rows);
                existing.put(charger.id(), charger);
            }
        }
        int inserts = 0;
        int updates = 0;
        for (Charger charger : chargers) {
            Charger old = existing.get(charger.id());
            if (charger.equals(old)) {
                continue;
            }
            PreparedStatement write = old == null ? insertCharger : updateCharger;
            write.setString(1, charger.name());
            write.setString(2, charger.address());
            write.setDouble(3, charger.lat());
            write.setDouble(4, charger.lng());
            write.setLong(5, now);
            write.setLong(6, version);
            write.setString(7, charger.id());
            write.addBatch();
            if (old == null) {
                inserts++;
            } else {
                updates++;
            }
        }
        execute(insertCharger, inserts);
        execute(updateCharger, updates);
        chargersAdded += inserts;
        chargersUpdated += updates;
        chargers.clear();
    }

    private void writeMerchants() throws SQLException {
        if (merchants.isEmpty()) {
            return;
        }
        Map<String, Merchant> existing = new HashMap<>();
        try (PreparedStatement select = selectByIds("SELECT " + CatalogStore.MERCHANT_COLUMNS + " FROM merchant",
                merchants.stream().map(Merchant::id).toList()); ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                Merchant merchant = CatalogStore.merchant(rows);
                existing.put(merchant.id(), merchant);
            }
        }
        int inserts = 0;
        int updates = 0;
        for (Merchant merchant : merchants) {
            Merchant old = existing.get(merchant.id());
            if (merchant.equals(old)) {
                continue;
            }
            PreparedStatement write = old == null ? insertMerchant : updateMerchant;
            write.setString(1, merchant.chargerId());
            write.setString(2, merchant.name());
            write.setString(3, merchant.category());
            write.setString(4, merchant.photoUrl());
            write.setDouble(5, merchant.lat());
            write.setDouble(6, merchant.lng());
            write.setString(7, merchant.offer());
            write.setLong(8, CatalogGrid.cell(merchant.lat(), merchant.lng()));
            write.setLong(9, now);
            write.setLong(10, version);
            write.setString(11, merchant.id());
            write.addBatch();
            if (old == null) {
                inserts++;
            } else {
                updates++;
            }
        }
        execute(insertMerchant, inserts);
        execute(updateMerchant, updates);
        merchantsAdded += inserts;
        merchantsUpdated += updates;
        merchants.clear();
    }

    private PreparedStatement selectByIds(String select, List<String> ids) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(select + " WHERE id IN ("
                + String.join(", ", Collections.nCopies(ids.size(), "?")) + ")");
        for (int i = 0; i < ids.size(); i++) {
            statement.setString(i + 1, ids.get(i));
        }
        return statement;
    }

    private static void execute(PreparedStatement batch, int rows) throws SQLException {
        if (rows > 0) {
            batch.executeBatch();
        }
    }

    @Override
    public void close() throws SQLException {
        insertCharger.close();
        updateCharger.close();
        insertMerchant.close();
        updateMerchant.close();
    }
}
