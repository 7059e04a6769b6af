-- Whether every call and groupcall a record placed carries its id (metadata.providercall_id), written by its settle
-- (true when it placed none). Then each of their hang-ups names the record, and a hang-up that names no provider call
-- (a customer's own calls, flows' calls: all of bench/calls.sh's, 400 a second at 400/s) is not looked up in the GIN
-- indexes at all (ReportReadiness). A record settled without it (the tag switched off for an upgrade, an older
-- replica, the restart reconciliation, an older call-manager's stored answer) is swept on the reconciliation's tick
-- instead. False for the rows before this column: whether their calls were tagged is not known, so they are swept.
-- A constant default: PostgreSQL adds the column without rewriting the table.
alter table providercall add column calls_tagged boolean not null default false;
-- a record that placed nothing has no hang-up to wait for and no report to sweep
update providercall set calls_tagged = true
 where tm_report_ready is null and call_ids = '[]'::jsonb and groupcall_ids = '[]'::jsonb;
-- what the sweep reads: the unannounced records no hang-up may announce (a few; pending ones until they settle)
create index providercall_to_sweep on providercall (tm_create)
 where tm_report_ready is null and (ended_while_pending or not calls_tagged);
