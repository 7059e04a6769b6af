-- Numbers and the outbound config of each customer (issue 16, item 3): what a customer may send out and with which
-- caller id. Their own schema, like billing, so that they can move to a number service later without untangling
-- tables (route-manager/README.md, "Numbers and outbound config").
create schema if not exists numbers;

create table numbers.number (
    id          uuid primary key,
    customer_id uuid        not null,
    number      text        not null,                 -- E.164, "+821012345678"
    status      text        not null check (status in ('active', 'disabled')),
    name        text        not null default '',
    detail      text        not null default '',
    tm_create   timestamptz not null,
    tm_update   timestamptz,
    tm_delete   timestamptz
);
-- A number is owned by one customer at a time: among live rows it is unique (409 NUMBER_TAKEN); a deleted one may
-- be registered again, by anyone.
create unique index number_live_unique on numbers.number (number) where tm_delete is null;
create index number_live_page on numbers.number (tm_create desc, id desc) where tm_delete is null;
create index number_customer_page on numbers.number (customer_id, tm_create desc, id desc) where tm_delete is null;

-- One row per customer that has set one; a customer without a row has the defaults (everything allowed, no default
-- number, no per-customer limits). The default number is re-validated at every pre-flight (it may have been disabled,
-- deleted or moved to another customer since), so no foreign key keeps it.
create table numbers.outbound_config (
    customer_id                       uuid primary key,
    default_outgoing_source_number_id uuid,
    allowed_countries                 jsonb       not null default '[]'::jsonb,  -- ["+82", …]; [] = every country
    denied_prefixes                   jsonb       not null default '[]'::jsonb,  -- ["+8790", …]
    max_concurrent_calls              integer     not null default 0 check (max_concurrent_calls >= 0),  -- 0: none
    calls_per_second                  integer     not null default 0 check (calls_per_second >= 0),      -- 0: none
    tm_create                         timestamptz not null,
    tm_update                         timestamptz
);
