-- One admission, one statement (limits/OutboundLimiter, issue 20). An admission took the platform-wide advisory lock
-- and then held it across three more round trips from call-manager (the counters, the record, the commit): under
-- load each of them waited for a busy event loop and a busy server, the lock was held about 50 ms per admission and
-- every admission of every replica queued behind it (78 ms mean wait at 16 provider calls/s, bench/README.md). Here
-- the lock, the read, the decision and the record run inside PostgreSQL, in the one transaction of one statement:
-- the lock is held only for the server's own work. The statements of a volatile function each see what committed
-- before they began, so the counters are read after the lock is granted, as before.
--
-- outbound_refuses is the decision, pure; call-manager's OutboundRules.judge makes the same one in Java to say which
-- limit refused (OutboundAdmitFunctionTest compares the two over a grid of counters and limits).
create function call_manager.outbound_refuses(customer_this_second bigint, platform_this_second bigint,
                                              customer_live bigint, platform_live bigint, legs integer,
                                              customer_cps integer, customer_max integer,
                                              platform_cps integer, platform_max integer)
    returns boolean language sql immutable as $$
    select (customer_cps > 0 and customer_this_second >= customer_cps)
        or (customer_max > 0 and customer_live + legs > customer_max)
        or (platform_cps > 0 and platform_this_second >= platform_cps)
        or (platform_max > 0 and platform_live + legs > platform_max)
$$;

-- The counters as 'customer this second,platform this second,customer live,platform live,second,admitted (1/0)'.
-- Admitted: the legs are counted in this second (customer and platform rows) and reserved until the admitting
-- request deletes its outbound_pending row. Rows older than a minute and lapsed reservations are deleted on the way.
create function call_manager.outbound_admit(customer uuid, platform uuid, legs integer, reservation uuid,
                                            lifetime_ms double precision, customer_cps integer, customer_max integer,
                                            platform_cps integer, platform_max integer)
    returns text language plpgsql volatile as $$
declare
    now_second     bigint;
    customer_rate  bigint;
    platform_rate  bigint;
    customer_live  bigint;
    platform_live  bigint;
    admitted       boolean;
begin
    -- the same key as the admissions of call-manager before this migration: during a rolling upgrade both kinds
    -- of replica queue on one lock
    perform pg_advisory_xact_lock(8031453476610731620);
    -- a lost admission record (the machine crashed before its WAL reached the disk) only lets a few more calls in
    -- during that second; the lock is not held while the WAL is flushed
    perform set_config('synchronous_commit', 'off', true);
    now_second := floor(extract(epoch from clock_timestamp()))::bigint;
    select coalesce((select calls from call_manager.outbound_rate where customer_id = customer and second = now_second), 0),
           coalesce((select calls from call_manager.outbound_rate where customer_id = platform and second = now_second), 0),
           (select count(*) from call_manager.call c where c.status <> 'hangup' and c.customer_id = customer)
             + coalesce((select sum(calls) from call_manager.outbound_pending p
                         where p.tm_expire > clock_timestamp() and p.customer_id = customer), 0),
           (select count(*) from call_manager.call c where c.status <> 'hangup')
             + coalesce((select sum(calls) from call_manager.outbound_pending p where p.tm_expire > clock_timestamp()), 0)
      into customer_rate, platform_rate, customer_live, platform_live;
    admitted := not call_manager.outbound_refuses(customer_rate, platform_rate, customer_live, platform_live, legs,
                                                  customer_cps, customer_max, platform_cps, platform_max);
    if admitted then
        insert into call_manager.outbound_rate as r (customer_id, second, calls)
            select distinct id, now_second, legs from unnest(array[customer, platform]) as id
            on conflict (customer_id, second) do update set calls = r.calls + excluded.calls;
        insert into call_manager.outbound_pending (id, customer_id, calls, tm_expire)
            values (reservation, customer, legs, clock_timestamp() + lifetime_ms * interval '1 millisecond');
        delete from call_manager.outbound_rate where second < now_second - 60;
        delete from call_manager.outbound_pending where tm_expire < clock_timestamp();
    end if;
    return concat_ws(',', customer_rate, platform_rate, customer_live, platform_live, now_second,
                     case when admitted then 1 else 0 end);
end
$$;
