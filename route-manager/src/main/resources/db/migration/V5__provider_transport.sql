-- udp (the default) or tcp: how call-manager reaches the carrier
alter table provider add column transport text not null default 'udp';
