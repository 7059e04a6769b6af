-- Events of call and groupcall state changes, written in the same transaction as the change and relayed to the
-- broker by the instance that wrote them; a row is deleted once the broker confirmed its event.
create table outbox (
    seq         bigserial primary key,
    instance_id text        not null,
    type        text        not null,
    request_id  text,
    data        jsonb       not null,
    tm_create   timestamptz not null default now()
);
create index outbox_instance_seq on outbox (instance_id, seq);
