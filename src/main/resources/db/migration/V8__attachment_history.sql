-- An attachment removed after it was submitted stays on record: a submitted 申报书 lists it by SHA-256.
alter table proposal_attachment add column removed_at timestamp with time zone;
