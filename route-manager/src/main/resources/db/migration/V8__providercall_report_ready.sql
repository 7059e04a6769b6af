-- When providercall_report_ready was published: set once by a conditional update in the transaction that publishes
-- it, so the event goes out once however many hangup events, replicas or restarts look at the record.
alter table providercall add column tm_report_ready timestamptz;
-- the records made before this column existed are not announced now
update providercall set tm_report_ready = coalesce(tm_update, tm_create);
-- a hangup event finds its provider call by the call or groupcall id inside these arrays
create index providercall_call_ids on providercall using gin (call_ids jsonb_path_ops);
create index providercall_groupcall_ids on providercall using gin (groupcall_ids jsonb_path_ops);
create index providercall_report_pending on providercall (tm_create) where tm_report_ready is null;
