-- A groupcall's legs, ended ones included: the provider-call report reads them by groupcall_id, which only the partial
-- index call_groupcall_live (legs still up) served, so the report of an ended groupcall scanned the whole call table.
-- Calls outside a groupcall (most) are not in it.
create index call_groupcall on call (groupcall_id) where groupcall_id is not null;
