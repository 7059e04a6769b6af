-- A customer's status (issue 16): a super-admin freezes a customer (PUT /v1.0/customers/{id} {"status": "frozen"})
-- and every outgoing call of it is refused 403 ACCOUNT_FROZEN by the pre-flight.
alter table customer add column status text not null default 'active' check (status in ('active', 'frozen'));
