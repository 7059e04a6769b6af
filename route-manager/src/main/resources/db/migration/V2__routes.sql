create table route (
    id          uuid primary key,
    customer_id uuid        not null,
    provider_id uuid        not null references provider (id),
    priority    integer     not null,
    target      text        not null,
    name        text        not null default '',
    detail      text        not null default '',
    tm_create   timestamptz not null,
    tm_update   timestamptz,
    tm_delete   timestamptz
);
create index route_live_page on route (tm_create desc, id desc) where tm_delete is null;
-- Dialroute lookups: a customer's live routes for a few targets.
create index route_live_lookup on route (customer_id, target, priority) where tm_delete is null;
