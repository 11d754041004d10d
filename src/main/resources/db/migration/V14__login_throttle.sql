-- Failed sign-ins, counted in the database so that every node sees the same counts. One row per subject:
-- an account at an address, an account from anywhere, or an address for any account. A row whose last
-- failure is older than the forgetting period counts from zero again and is deleted by the clean-up.
create table login_failure (
    subject varchar(250) not null primary key,
    failures integer not null,
    last_failure_at bigint not null
);

-- Addresses an account signed in from successfully: the account-wide limit does not apply there, so others'
-- failures cannot lock the owner out of an address the owner uses.
create table login_success (
    username varchar(250) not null,
    address varchar(250) not null,
    last_success_at bigint not null,
    primary key (username, address)
);
create index login_failure_last on login_failure (last_failure_at);
create index login_success_last on login_success (last_success_at);
