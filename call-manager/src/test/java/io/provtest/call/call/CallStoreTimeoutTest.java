package io.provtest.call.call;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.provtest.common.api.RpcApis;
import io.provtest.common.api.call.CallManagerApi;
import io.provtest.common.api.call.CallsCreated;
import io.provtest.common.api.call.CreateCallsRequest;
import io.provtest.common.error.ApiError;
import io.provtest.common.model.Address;
import io.provtest.common.rpc.RpcClient;
import io.provtest.testing.InfraResource;
import io.provtest.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A call whose row cannot be stored in time (the database lags: here the call table is locked for longer than the
 * 5 s call-manager waits) is refused as a "not now" with a retry hint, and is not left behind: were its row stored
 * after all, it is ended at once. Real database and broker.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class CallStoreTimeoutTest {

    @Inject
    DataSource dataSource;

    @Inject
    RpcClient rpc;

    @Test
    void aCallNotStoredInTimeIsRefusedWithARetryHintAndNotLeftLive() throws Exception {
        UUID customer = UUID.randomUUID();
        CountDownLatch locked = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            try (var c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try (var s = c.createStatement()) {
                    s.execute("lock table call in share mode"); // an insert waits for it
                    locked.countDown();
                    // past the two 3 s reads of the customer's settings (no route-manager here) and the 5 s wait
                    Thread.sleep(14_000);
                }
                c.commit();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        holder.start();
        locked.await(5, TimeUnit.SECONDS);
        CreateCallsRequest body = new CreateCallsRequest(null, customer, null,
                new Address("tel", "+14155551234", null, null, null),
                List.of(new Address("sip", "+821012345678@127.0.0.1:9", null, null, null)), null, null);
        CallsCreated created = RpcApis.client(CallManagerApi.class, rpc, Duration.ofSeconds(25)).createCalls(body);
        assertEquals(List.of(), created.calls(), "nothing placed");
        ApiError refused = created.outcomes().get(0).error();
        assertEquals("SERVICE_UNAVAILABLE", refused == null ? null : refused.reason(), String.valueOf(created));
        assertEquals(Integer.valueOf(1), refused.retryAfterSeconds(), "a hinted not-now");
        holder.join(20_000);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long live;
        do {
            live = Sql.count(dataSource, "select count(*) from call where customer_id = ? and status <> 'hangup'",
                    customer);
            if (live > 0) {
                Thread.sleep(200);
            }
        } while (live > 0 && System.nanoTime() < deadline);
        assertEquals(0, live, "stored after its creator gave up, it was ended at once");
    }
}
