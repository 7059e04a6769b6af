-- Outbound limits shared by every replica (limits/OutboundLimiter).
-- Calls started per customer per second (the platform's own row has the customer id
-- 00000000-0000-0000-0000-00000000ffff); rows older than a minute are deleted by the admissions themselves.
create table outbound_rate (
    customer_id uuid   not null,
    second      bigint not null,
    calls       integer not null,
    primary key (customer_id, second)
);

-- Legs admitted and not yet stored as calls: counted with the live calls until the admitting request has placed
-- them (then its row is deleted), or until tm_expire when that replica died meanwhile.
create table outbound_pending (
    id          uuid primary key,
    customer_id uuid        not null,
    calls       integer     not null,
    tm_expire   timestamptz not null
);
create index outbound_pending_customer on outbound_pending (customer_id);

-- live calls per customer, counted at every admission
create index call_live_customer on call (customer_id) where status <> 'hangup';
