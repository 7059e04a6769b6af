-- One row per provider: whichever call-manager replica moves next_probe_at on is the one that probes it,
-- so N replicas probe each provider once per interval, not N times.
create table provider_probe (
    provider_id   uuid primary key,
    next_probe_at timestamptz not null
);
