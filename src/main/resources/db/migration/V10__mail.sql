-- When the dispatcher may next try a queued mail. It is moved forward when a node claims the mail (so that no
-- other node sends it while the first is still talking to the mail server) and after a failure (so that a
-- server that is down for a while is retried later, not ten times in a minute). Sent mails keep their last value.
alter table mail_outbox add column next_attempt_at timestamp with time zone;
update mail_outbox set next_attempt_at = created_at;
alter table mail_outbox alter column next_attempt_at set not null;
