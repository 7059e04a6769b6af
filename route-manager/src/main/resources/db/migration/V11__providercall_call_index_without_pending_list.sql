-- Every call's hang-up that names no provider call (a customer's own calls, flows' calls: all of bench/calls.sh's)
-- looks for the record that holds it in these GIN indexes (ReportReadiness). With GIN's fast update, new entries wait
-- in an unsorted pending list until a vacuum or 4 MB of them, and every search reads the whole list: 19,000 entries,
-- 50 pages and about 1 ms a lookup on the development database, 2.2 ms on average under a 400 calls/s run, where
-- that one statement took more of PostgreSQL's time than all others together (bench/README.md, "A call's update found
-- by its key, and a hang-up's lookup without GIN's pending list"). Without it each record's one or two ids go into
-- the index when the record settles, and a lookup reads a few pages.
alter index providercall_call_ids set (fastupdate = off);
alter index providercall_groupcall_ids set (fastupdate = off);
-- what is pending now moves into the index; later entries never wait
select gin_clean_pending_list('providercall_call_ids'::regclass);
select gin_clean_pending_list('providercall_groupcall_ids'::regclass);
