create table activeflow (
    id                uuid primary key,
    customer_id       uuid        not null,
    flow_id           uuid        not null,
    reference_type    text        not null,
    reference_id      uuid        not null,
    -- the flow's actions when the call started: later edits or deletion of the flow do not change a live call
    actions           jsonb       not null,
    current_action_id uuid,
    status            text        not null,
    tm_create         timestamptz not null,
    tm_update         timestamptz,
    tm_delete         timestamptz
);
create index activeflow_reference on activeflow (reference_id);
