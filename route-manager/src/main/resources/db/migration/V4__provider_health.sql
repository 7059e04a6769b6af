alter table provider add column health_reason text not null default '';
alter table provider add column health_rtt_ms double precision;
alter table provider add column health_successes integer not null default 0;
alter table provider add column health_failures integer not null default 0;
create index provider_health_page on provider (health_status, tm_create desc, id desc) where tm_delete is null;
