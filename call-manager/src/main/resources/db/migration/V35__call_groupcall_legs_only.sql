-- V34's index on a groupcall's legs held every call: groupcall_id is never null (a call outside a groupcall carries
-- the nil id), so "where groupcall_id is not null" excluded nothing and each new call cost one more index entry.
-- Legs only now; the report's read of a groupcall's legs names the same condition, so the planner can use it.
drop index call_groupcall;
create index call_groupcall on call (groupcall_id) where groupcall_id <> '00000000-0000-0000-0000-000000000000';
