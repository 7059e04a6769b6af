-- V15, not V5: numbered well above the latest so that migrations other branches add meanwhile do not collide.
-- The far end's audio of a recorded call (provider calls and rtp_debug calls), as the G.711 it arrived in, early
-- media first. In PostgreSQL so that every replica can serve it; bounded by recording.max-duration, and the audio is
-- dropped (audio null, purged set) after recording.retention while the analysis stays for the report.
create table call_recording (
    call_id          uuid primary key,
    -- 0 PCMU, 8 PCMA; -1 when nothing decodable arrived
    payload_type     integer     not null,
    audio            bytea,
    -- G.711 bytes kept (one per sample); the first early_bytes arrived before the answer
    audio_bytes      integer     not null,
    early_bytes      integer     not null,
    truncated        boolean     not null,
    -- packets, SDP and classifier results the report reads (see call-manager's report package)
    analysis         jsonb       not null,
    tm_create        timestamptz not null,
    tm_purged        timestamptz
);
create index call_recording_unpurged on call_recording (tm_create) where audio is not null;

-- the size of the WAV served for the call (null: no recording, or purged)
alter table call add column recording_bytes integer;
