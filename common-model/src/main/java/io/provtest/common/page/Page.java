package io.provtest.common.page;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** One page of a newest-first list: {@code {"result":[…],"next_page_token":"…"}}, token "" after the last page. */
public record Page<T>(List<T> result, String nextPageToken) {

    /**
     * Builds a page from rows fetched with LIMIT pageSize + 1: the extra row only tells that another page exists.
     */
    public static <T> Page<T> of(List<T> rows, int pageSize, Function<T, Instant> tmCreate, Function<T, UUID> id) {
        if (rows.size() <= pageSize) {
            return new Page<>(List.copyOf(rows), "");
        }
        List<T> served = List.copyOf(rows.subList(0, pageSize));
        T last = served.get(served.size() - 1);
        return new Page<>(served, new PageToken(tmCreate.apply(last), id.apply(last)).encode());
    }
}
