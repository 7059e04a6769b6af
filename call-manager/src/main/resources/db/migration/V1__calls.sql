create table call (
    id              uuid primary key,
    customer_id     uuid        not null,
    flow_id         uuid        not null,
    activeflow_id   uuid        not null,
    type            text        not null,
    master_call_id  uuid        not null,
    groupcall_id    uuid        not null,
    source          jsonb,
    destination     jsonb       not null,
    status          text        not null,
    metadata        jsonb       not null default '{}'::jsonb,
    action          jsonb,
    direction       text        not null,
    hangup_by       text        not null default '',
    hangup_reason   text        not null default '',
    -- why a call failed when no SIP response says it (provider lookup, send error, restart)
    hangup_cause    text        not null default '',
    anonymous       text        not null default 'auto',
    dialroute_id    uuid        not null,
    dialroutes      jsonb       not null default '[]'::jsonb,
    provider_id     uuid        not null,
    sip_call_id     text        not null default '',
    sip_status_code integer,
    sip_reason      text        not null default '',
    rtp_stats       jsonb,
    -- the call-manager instance that holds the live dialog
    owner_instance  text        not null,
    tm_ringing      timestamptz,
    tm_progressing  timestamptz,
    tm_hangup       timestamptz,
    tm_create       timestamptz not null,
    tm_update       timestamptz,
    tm_delete       timestamptz
);
create index call_customer_page on call (customer_id, tm_create desc, id desc) where tm_delete is null;
create index call_unfinished on call (owner_instance) where status <> 'hangup';

create table sip_message (
    id         bigserial primary key,
    call_id    uuid        not null,
    sip_call_id text       not null,
    tm         timestamptz not null,
    direction  text        not null,
    local_addr text        not null,
    remote_addr text       not null,
    first_line text        not null,
    raw        text        not null
);
create index sip_message_call on sip_message (call_id, tm, id);
