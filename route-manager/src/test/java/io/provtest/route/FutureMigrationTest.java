package io.provtest.route;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import io.provtest.testing.InfraResource;
import io.provtest.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * A schema migrated by a newer route-manager (a rolling update, or a rollback after one) still validates for this
 * one, as its start does: Flyway as the service configures it ignores applied migrations it does not know.
 * Without {@code quarkus.flyway.ignore-migration-patterns=*:future} (common-model's shared configuration, which every
 * service reads) the validation fails and so would the start.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class FutureMigrationTest {

    @Inject
    Flyway flyway;

    @Inject
    DataSource dataSource;

    @Test
    void aMigrationFromANewerVersionDoesNotStopThisOneFromStarting() throws Exception {
        String history = "route_manager.flyway_schema_history";
        Sql.execute(dataSource, "insert into " + history + " (installed_rank, version, description, type, script,"
                + " checksum, installed_by, execution_time, success) select max(installed_rank) + 1, '9999',"
                + " 'from a newer version', 'SQL', 'V9999__from_a_newer_version.sql', 1, current_user, 1, true from "
                + history);
        try {
            assertDoesNotThrow(() -> flyway.validate());
        } finally {
            Sql.execute(dataSource, "delete from " + history + " where version = '9999'");
        }
    }
}
