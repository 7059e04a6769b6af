-- Signed webhooks (issue 19, item 3). Numbered well above V1 so that migrations other branches add meanwhile
-- (V2, V3, ...) cannot clash with it.

-- '' = no webhook. The method is POST or PUT.
alter table customer add column webhook_uri text not null default '';
alter table customer add column webhook_method text not null default 'POST';

-- The signing secret of a customer's webhooks. Kept readable (an HMAC needs the secret itself, not a hash), apart
-- from the customer row so no customer read can ever carry it; shown once, when created or rotated.
create table webhook_secret (
    customer_id uuid primary key references customer (id),
    secret      text        not null,
    tm_create   timestamptz not null
);

-- The delivery queue and its log in one table: a row per event per customer, pending until delivered, given up
-- (failed) or refused by the address rules. Pending rows survive a restart; replicas claim due rows with
-- FOR UPDATE SKIP LOCKED and a lease (claimed_until).
create table webhook_delivery (
    id               uuid primary key,              -- X-Webhook-Id: the same on every attempt
    seq              bigserial   not null unique,   -- intake order: the order of one call's events
    customer_id      uuid        not null references customer (id),
    event_type       text        not null,
    order_key        text        not null,          -- the call, groupcall or provider call the event is about
    uri              text        not null,
    method           text        not null,
    body             text        not null,          -- exactly the bytes that are signed and sent
    status           text        not null,          -- pending, delivered, failed, refused
    attempt_count    integer     not null default 0,
    attempts         jsonb       not null default '[]'::jsonb,
    next_attempt_at  timestamptz not null,
    give_up_at       timestamptz not null,
    claimed_until    timestamptz,
    last_status_code integer,
    last_error       text,
    last_latency_ms  integer,
    tm_create        timestamptz not null,
    tm_update        timestamptz,
    tm_delivered     timestamptz
);
create index webhook_delivery_due on webhook_delivery (next_attempt_at) where status = 'pending';
create index webhook_delivery_order on webhook_delivery (customer_id, order_key, seq) where status = 'pending';
create index webhook_delivery_customer_page on webhook_delivery (customer_id, tm_create desc, id desc);
create index webhook_delivery_page on webhook_delivery (tm_create desc, id desc);
