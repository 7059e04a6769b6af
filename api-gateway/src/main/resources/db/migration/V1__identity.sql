create table customer (
    id        uuid primary key,
    name      text        not null default '',
    detail    text        not null default '',
    tm_create timestamptz not null,
    tm_update timestamptz,
    tm_delete timestamptz
);
create index customer_live_page on customer (tm_create desc, id desc) where tm_delete is null;

create table agent (
    id            uuid primary key,
    customer_id   uuid        not null references customer (id),
    username      text        not null,
    password_hash text        not null,
    name          text        not null default '',
    detail        text        not null default '',
    permission    integer     not null default 0,
    addresses     jsonb       not null default '[]'::jsonb,
    ring_method   text        not null default 'ring_all',
    tm_create     timestamptz not null,
    tm_update     timestamptz,
    tm_delete     timestamptz
);
-- A username names one live agent; a deleted agent's name may be reused.
create unique index agent_live_username on agent (lower(username)) where tm_delete is null;
create index agent_live_page on agent (customer_id, tm_create desc, id desc) where tm_delete is null;

create table access_key (
    id          uuid primary key,
    customer_id uuid        not null references customer (id),
    name        text        not null default '',
    detail      text        not null default '',
    -- SHA-256 of the key: the key itself is shown once, at creation, and never stored.
    token_hash  text        not null unique,
    token_hint  text        not null,
    tm_expire   timestamptz not null,
    tm_create   timestamptz not null,
    tm_update   timestamptz,
    tm_delete   timestamptz
);
create index access_key_live_page on access_key (customer_id, tm_create desc, id desc) where tm_delete is null;
