-- Create requests served (POST /v1/calls, POST /v1/groupcalls): a request delivered again after call-manager died
-- before acknowledging it, or sent again with the same request_key, is answered with the first result instead of
-- placing its calls twice. result is null while the request is being served. Rows are purged after a day.
-- (V31: numbered apart from the migrations other branches add.)
create table create_request (
    key         text        primary key,
    instance_id text        not null,
    result      jsonb,
    tm_create   timestamptz not null default now()
);
create index create_request_tm_create on create_request (tm_create);
