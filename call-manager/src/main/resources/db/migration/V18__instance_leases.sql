-- One row per live call-manager instance (issue 15). Renewed every call.lease.heartbeat-interval; a row whose
-- expires_at has passed belongs to an instance gone for good: a survivor claims it (claimed_by, until
-- claim_expires_at, so one survivor at a time and another one if that survivor dies too), ends the calls and
-- groupcalls it held, relays its outbox rows and deletes the row. Times are the database's (now()), never a
-- replica's clock. V18: numbered apart from migrations other branches add meanwhile.
create table instance_lease (
    instance_id      text primary key,
    started_at       timestamptz not null,
    renewed_at       timestamptz not null,
    expires_at       timestamptz not null,
    claimed_by       text,
    claim_expires_at timestamptz
);
create index instance_lease_expiry on instance_lease (expires_at);
