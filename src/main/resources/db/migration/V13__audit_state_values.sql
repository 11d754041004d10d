-- The state before and after an audited event is sometimes a value someone chose: a programme parameter's
-- (up to 200 characters, a criteria list for instance) or an attachment's file name (up to 100). At 32
-- characters such changes and uploads were refused as if someone else had changed the record meanwhile.
alter table audit_event alter column state_before set data type varchar(200);
alter table audit_event alter column state_after set data type varchar(200);
