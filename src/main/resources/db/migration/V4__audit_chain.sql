-- The audit log becomes a hash chain: each event carries the hash of the one before it and its own,
-- so an event edited or deleted by hand in the database is detected. The head row holds the last
-- link; writers lock it, so the chain has one order.
alter table audit_event add column prev_hash varchar(64);
alter table audit_event add column hash varchar(64);

create table audit_head (
    id          integer primary key,
    last_id     bigint not null,
    last_hash   varchar(64) not null
);
insert into audit_head (id, last_id, last_hash)
values (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
