create table providercall (
    id              uuid primary key,
    customer_id     uuid        not null,
    provider_id     uuid        not null,
    flow_id         uuid        not null,
    -- the temporary flow made from inline actions, deleted again if nothing was placed
    temp_flow_id    uuid,
    source          jsonb,
    destinations    jsonb       not null,
    anonymous       text        not null,
    call_ids        jsonb       not null default '[]'::jsonb,
    groupcall_ids   jsonb       not null default '[]'::jsonb,
    outcomes        jsonb       not null default '[]'::jsonb,
    warnings        jsonb       not null default '[]'::jsonb,
    created_by      uuid        not null,
    -- pending: written before any call is placed; created: calls placed and announced; failed: see outcomes
    status          text        not null,
    idempotency_key text,
    request_hash    text        not null,
    tm_create       timestamptz not null,
    tm_update       timestamptz,
    tm_delete       timestamptz
);
create index providercall_live_page on providercall (tm_create desc, id desc) where tm_delete is null;
create index providercall_provider_page on providercall (provider_id, tm_create desc, id desc) where tm_delete is null;
create unique index providercall_idempotency on providercall (customer_id, idempotency_key) where idempotency_key is not null;
create index providercall_pending on providercall (tm_create) where status = 'pending';
