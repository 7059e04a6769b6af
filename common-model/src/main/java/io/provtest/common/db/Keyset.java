package io.provtest.common.db;

import io.provtest.common.page.PageToken;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;

/**
 * Newest-first keyset paging for Panache queries on entities with {@code tmCreate} and {@code id}: rows strictly
 * after the last one served in (tm_create, id) order, so rows created in the same microsecond are neither skipped
 * nor repeated. The query asks for one extra row, which only tells whether another page exists.
 */
public final class Keyset {

    public static final Sort NEWEST_FIRST = Sort.descending("tmCreate", "id");

    private Keyset() {
    }

    /** {@code filter} (named parameters) plus the keyset condition when {@code after} is set. */
    public static String where(String filter, PageToken after) {
        return after == null ? filter : filter + " and (tmCreate < :afterTm or (tmCreate = :afterTm and id < :afterId))";
    }

    public static Parameters params(Parameters filterParams, PageToken after) {
        return after == null ? filterParams
                : filterParams.and("afterTm", after.tmCreate()).and("afterId", after.id());
    }

    /** LIMIT pageSize + 1. */
    public static int fetchSize(int pageSize) {
        return pageSize + 1;
    }
}
