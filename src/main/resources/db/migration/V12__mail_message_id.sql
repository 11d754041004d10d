-- The Message-ID of each queued mail, chosen when it is queued and sent on every attempt: a mail that goes out
-- twice (the server accepted it, the dispatcher died before recording that) carries the same id both times,
-- and ids never repeat across installations or databases (a random part). Rows queued before get one here.
alter table mail_outbox add column message_id varchar(300);
update mail_outbox set message_id = '<outbox-' || cast(id as varchar(20)) || '@kcyj.local>';
alter table mail_outbox alter column message_id set not null;
