-- issue 16: the codecs a customer allows on its sip destinations, in offer order (common-model sip/Codec names);
-- [] = the platform's default offer
alter table numbers.outbound_config add column codecs jsonb not null default '[]'::jsonb;
