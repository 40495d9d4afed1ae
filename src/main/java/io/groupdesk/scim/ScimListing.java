package io.groupdesk.scim;

import io.groupdesk.shared.AccountId;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

/**
 * One page of a SCIM list, the same for users and groups: the total of what the filter matches, then the page's rows
 * from the 1-based {@code startIndex}, in the order asked for; the filter and the account are bound in both.
 */
final class ScimListing {
    private ScimListing() {}

    /** A page; empty, with the total, when {@code count} is zero or the start lies past the last match. */
    static <T> ScimPage<T> page(
            Handle handle,
            String columns,
            String fromWhere,
            AccountId account,
            Optional<ScimFilterSql> filter,
            ScimQuery query,
            String orderBy,
            RowMapper<T> rows) {
        String where = fromWhere + filter.map(f -> " AND " + f.condition()).orElse("");
        long total = bind(handle.createQuery("SELECT COUNT(*)" + where), account, filter)
                .mapTo(Long.class)
                .one();
        if (query.count() == 0 || total < query.startIndex()) {
            return new ScimPage<>(List.of(), total, query.startIndex());
        }
        List<T> page = bind(
                        handle.createQuery(
                                "SELECT " + columns + where + " ORDER BY " + orderBy + " LIMIT :limit OFFSET :offset"),
                        account,
                        filter)
                .bind("limit", query.count())
                .bind("offset", query.startIndex() - 1)
                .map(rows)
                .list();
        return new ScimPage<>(page, total, query.startIndex());
    }

    private static Query bind(Query query, AccountId account, Optional<ScimFilterSql> filter) {
        query.bind("account", account.value());
        filter.ifPresent(f -> f.arguments().forEach(query::bind));
        return query;
    }
}
