-- Internal documents are verifiable on the public page only with the check code printed on them (or by
-- uploading the file, found by its SHA-256 without a number). The code is random and stored per document;
-- documents issued before it existed have none and remain verifiable by upload. Public documents (the call
-- guide, the daily audit seal) have none either: they are verifiable by number alone.
alter table document add column check_code varchar(16);
create index document_sha256_idx on document (sha256);
