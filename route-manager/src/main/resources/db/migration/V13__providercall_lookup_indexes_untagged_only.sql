-- The GIN indexes on call_ids and groupcall_ids serve one statement: the look for the record that placed a call or
-- groupcall whose hang-up names no provider call, made only while calls are not tagged (providercall.tag-calls=false,
-- an upgrade's window; ReportReadiness), among the records settled untagged. They held every record: each settle and
-- each report announcement (updates of indexed columns, so never HOT) wrote the record's ids into both, without a
-- pending list (V11), for a look that with calls tagged, the default, is never made. The settle was the statement
-- that took PostgreSQL longest per provider call (bench/README.md, "The lookup indexes hold only untagged records").
-- Now they hold only the records that look can find: settled, not announced, calls not tagged. The status is written
-- as a constant so that the statement, which names it the same way, is seen to imply the predicate.
-- One transaction: writes to providercall wait while the two indexes are built (a scan of the table each).
drop index providercall_call_ids;
drop index providercall_groupcall_ids;
create index providercall_call_ids on providercall using gin (call_ids jsonb_path_ops) with (fastupdate = off)
 where status <> 'pending' and tm_report_ready is null and not calls_tagged;
create index providercall_groupcall_ids on providercall using gin (groupcall_ids jsonb_path_ops) with (fastupdate = off)
 where status <> 'pending' and tm_report_ready is null and not calls_tagged;
