package io.provtest.call.groupcall;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.common.rpc.RpcContext;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The order kept around one groupcall's decisions: its lock, the placing mark, the pool's request id. */
class GroupcallLocksTest {

    private final GroupcallWork pool = new GroupcallWork(2, 10, 1);
    private final GroupcallLocks locks = new GroupcallLocks(pool);
    private final UUID groupcall = UUID.randomUUID();

    @AfterEach
    void stop() {
        pool.shutdown();
    }

    @Test
    void aLegEndingWhileLegsArePlacedIsNotedForThePlacingToJudge() {
        GroupcallLocks.Placing placing = locks.startPlacing(groupcall);
        synchronized (locks.lock(groupcall)) {
            assertTrue(locks.noteEndedWhilePlacing(groupcall), "the ending is left to the placing");
        }
        assertTrue(locks.stopPlacing(groupcall, placing), "the placing learns that a leg ended meanwhile");
    }

    @Test
    void withoutAPlacingTheEndingIsJudgedAtOnceAndAQuietPlacingReportsNone() {
        synchronized (locks.lock(groupcall)) {
            assertFalse(locks.noteEndedWhilePlacing(groupcall));
        }
        GroupcallLocks.Placing placing = locks.startPlacing(groupcall);
        assertFalse(locks.stopPlacing(groupcall, placing));
        synchronized (locks.lock(groupcall)) {
            assertFalse(locks.noteEndedWhilePlacing(groupcall), "a stopped placing notes nothing more");
        }
    }

    @Test
    void anOlderPlacingStoppingLeavesTheNewerMarkInPlace() {
        GroupcallLocks.Placing older = locks.startPlacing(groupcall);
        GroupcallLocks.Placing newer;
        synchronized (locks.lock(groupcall)) {
            newer = locks.markPlacing(groupcall);
        }
        assertFalse(locks.stopPlacing(groupcall, older));
        synchronized (locks.lock(groupcall)) {
            assertTrue(locks.noteEndedWhilePlacing(groupcall), "the newer placing still takes the ending");
        }
        assertTrue(locks.stopPlacing(groupcall, newer));
    }

    @Test
    void aGroupcallKeepsOneLockUntilItIsForgotten() {
        Object first = locks.lock(groupcall);
        assertSame(first, locks.lock(groupcall));
        assertNotSame(first, locks.lock(UUID.randomUUID()));
        locks.forget(groupcall);
        assertNotSame(first, locks.lock(groupcall));
    }

    @Test
    void workHandedToThePoolRunsUnderTheRequestIdOfWhoHandedItOver() throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        try (RpcContext.Scope ignored = RpcContext.open("req_handed_over", null)) {
            locks.inPool(() -> seen.complete(Thread.currentThread().getName() + " " + RpcContext.currentRequestId()));
        }
        assertTrue(seen.get(5, TimeUnit.SECONDS).matches("groupcall-\\d+ req_handed_over"), seen.get());
    }
}
