create table flow (
    id                  uuid primary key,
    customer_id         uuid        not null,
    type                text        not null,
    name                text        not null default '',
    detail              text        not null default '',
    actions             jsonb       not null,
    on_complete_flow_id uuid        not null,
    persist             boolean     not null,
    -- temporary flows (persist = false) are purged after this moment
    tm_expire           timestamptz,
    tm_create           timestamptz not null,
    tm_update           timestamptz,
    tm_delete           timestamptz
);
create index flow_customer_page on flow (customer_id, tm_create desc, id desc) where tm_delete is null and persist;
create index flow_temp_expiry on flow (tm_expire) where not persist;
