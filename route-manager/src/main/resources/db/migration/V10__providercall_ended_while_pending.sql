-- Set by a hang-up of one of a record's calls or groupcalls (whose events name their provider call) that came while
-- the record was still pending: its settle then looks at the report, which no later hang-up would announce. Without
-- it the settle asked call-manager after every provider call (one request of eight per provider call, issue 20).
-- A constant default: PostgreSQL adds the column without rewriting the table.
alter table providercall add column ended_while_pending boolean not null default false;
