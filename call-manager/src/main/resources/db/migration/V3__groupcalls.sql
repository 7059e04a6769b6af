create table groupcall (
    id                  uuid primary key,
    customer_id         uuid        not null,
    flow_id             uuid        not null,
    status              text        not null,
    source              jsonb,
    destinations        jsonb       not null,
    ring_method         text        not null,
    answer_method       text        not null,
    anonymous           text        not null default 'auto',
    -- the provider forcing (route_provider_ids…) every leg is created with
    metadata            jsonb       not null default '{}'::jsonb,
    master_call_id      uuid        not null,
    master_groupcall_id uuid        not null,
    answer_call_id      uuid        not null,
    answer_groupcall_id uuid        not null,
    call_ids            jsonb       not null default '[]'::jsonb,
    groupcall_ids       jsonb       not null default '[]'::jsonb,
    -- destinations that got no leg, with the typed error
    errors              jsonb       not null default '[]'::jsonb,
    dial_index          integer     not null default 0,
    hangup_cause        text        not null default '',
    owner_instance      text        not null,
    tm_create           timestamptz not null,
    tm_update           timestamptz,
    tm_delete           timestamptz
);
create index groupcall_customer_page on groupcall (customer_id, tm_create desc, id desc) where tm_delete is null;
create index groupcall_unfinished on groupcall (owner_instance) where status <> 'hangup';
create index groupcall_children on groupcall (master_groupcall_id) where status <> 'hangup';
create index call_groupcall_live on call (groupcall_id) where status <> 'hangup';
