-- Billing: the customer side of every call, in its own schema so that it can move to a service of its own later
-- without untangling tables (route-manager/README.md, "Billing"). Money is numeric, never floating point.
-- Flyway creates listed schemas only on a fresh database; an existing one gets it here.
create schema if not exists billing;

create table billing.rate_plan (
    id               uuid primary key,
    name             text not null,
    increment_seconds integer not null check (increment_seconds between 1 and 3600),
    connection_fee   numeric(20, 6) not null check (connection_fee >= 0),
    -- [{"prefix": "+82", "per_minute": 0.05}, …]; the longest matching prefix wins
    rates            jsonb not null,
    tm_create        timestamptz not null,
    tm_update        timestamptz,
    tm_delete        timestamptz
);

-- The platform's default plan, every new account's: free everywhere (every tel destination starts with "+", every
-- sip one is rated under "sip:"), so calls behave as before billing existed until a super-admin attaches a priced
-- plan. Its id is fixed (BillingRules.DEFAULT_PLAN_ID).
insert into billing.rate_plan (id, name, increment_seconds, connection_fee, rates, tm_create)
values ('00000000-0000-0000-0000-0000000000b1', 'default', 60, 0,
        '[{"prefix": "+", "per_minute": 0}, {"prefix": "sip:", "per_minute": 0}]', now());

create table billing.account (
    id           uuid primary key,
    customer_id  uuid not null unique,
    balance      numeric(20, 6) not null,
    currency     text not null,
    rate_plan_id uuid not null references billing.rate_plan (id),
    tm_create    timestamptz not null,
    tm_update    timestamptz
);

-- One line per charged call: the unique (reference_type, reference_id) makes a charge exactly-once even when the
-- call_hangup event is delivered twice or handled by two replicas at once.
create table billing.billing (
    id               uuid primary key,
    customer_id      uuid not null,
    account_id       uuid not null references billing.account (id),
    reference_type   text not null,
    reference_id     uuid not null,
    billable_seconds integer not null,
    amount           numeric(20, 6) not null,
    rate_plan_id     uuid not null,
    rate_prefix      text not null,
    per_minute       numeric(20, 6) not null,
    connection_fee   numeric(20, 6) not null,
    tm_start         timestamptz not null,
    tm_end           timestamptz not null,
    tm_create        timestamptz not null,
    unique (reference_type, reference_id)
);
create index billing_customer_page on billing.billing (customer_id, tm_create desc, id desc);
create index billing_page on billing.billing (tm_create desc, id desc);

-- The audit trail of super-admin balance changes (charges are audited by billing.billing itself).
create table billing.balance_adjustment (
    id            uuid primary key,
    account_id    uuid not null references billing.account (id),
    kind          text not null,
    amount        numeric(20, 6) not null,
    balance_after numeric(20, 6) not null,
    created_by    uuid,
    request_id    text,
    tm_create     timestamptz not null
);
create index balance_adjustment_account on billing.balance_adjustment (account_id, tm_create desc, id desc);
