package io.provtest.call.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.call.engine.EngineExecutors;
import io.provtest.testing.InfraResource;
import io.provtest.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Create requests are forgotten a day after their claim, oldest first, in batches, off the create path; younger ones
 * are kept (real PostgreSQL). Before, the purge was one statement inside the first keyed create of each hour.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class CreateRequestRetentionTest {

    private static final String PREFIX = "key:/v1/calls:retention-test-";

    @Inject
    Pool pool;

    @Inject
    EngineExecutors executors;

    @Inject
    DataSource dataSource;

    @Test
    void requestsClaimedBeforeTheHorizonAreDeletedInBatchesAndYoungerOnesKept() throws Exception {
        Sql.execute(dataSource, "delete from create_request where key like '" + PREFIX + "%'");
        try {
            for (int i = 0; i < 7; i++) {
                insert(PREFIX + "old-" + i, Instant.now().minus(Duration.ofDays(2)).plusSeconds(i));
            }
            insert(PREFIX + "young-0", Instant.now().minus(Duration.ofHours(23)));
            insert(PREFIX + "young-1", Instant.now());

            long purged = new CreateRequestRetention(pool, executors)
                    .purge(Instant.now().minus(CreateRequestRetention.RETENTION), 3);

            assertEquals(0, count(PREFIX + "old-%"), "all seven old requests are gone, over three batches of three");
            assertEquals(2, count(PREFIX + "young-%"), "requests claimed within the day stay");
            assertTrue(purged >= 7, "counts what it deleted: " + purged);
            assertEquals(0, new CreateRequestRetention(pool, executors)
                            .purge(Instant.now().minus(CreateRequestRetention.RETENTION), 3),
                    "nothing older is left to delete");
        } finally {
            Sql.execute(dataSource, "delete from create_request where key like '" + PREFIX + "%'");
        }
    }

    private void insert(String key, Instant claimed) throws Exception {
        Sql.execute(dataSource, "insert into create_request (key, instance_id, result, tm_create) values ('" + key
                + "', 'retention-test', '{\"calls\": []}', '" + claimed + "')");
    }

    private long count(String like) throws Exception {
        return Sql.count(dataSource, "select count(*) from create_request where key like ?", like);
    }
}
