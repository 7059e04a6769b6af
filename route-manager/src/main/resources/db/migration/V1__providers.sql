create table provider (
    id                uuid primary key,
    type              text        not null,
    hostname          text        not null,
    tech_prefix       text        not null default '',
    tech_postfix      text        not null default '',
    tech_headers      jsonb       not null default '{}'::jsonb,
    name              text        not null default '',
    detail            text        not null default '',
    codecs            text        not null default '',
    health_status     text        not null default 'unknown',
    health_checked_at timestamptz,
    tm_create         timestamptz not null,
    tm_update         timestamptz,
    tm_delete         timestamptz
);

-- Newest-first keyset pages over live providers.
create index provider_live_page on provider (tm_create desc, id desc) where tm_delete is null;
