-- Flyway creates the call_manager schema on first start; this service's tables arrive with the
-- issues that give it behaviour (see the module README).
select 1;
