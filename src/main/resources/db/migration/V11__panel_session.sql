-- The panel's list is fixed when it is convened: the proposals whose review waited for it then.
create table panel_proposal (
    panel_id          bigint not null references review_panel (id),
    proposal_id       bigint not null references proposal (id),
    primary key (panel_id, proposal_id)
);
create unique index panel_proposal_once_idx on panel_proposal (proposal_id);

-- Fewer reviews than the programme's N (slots dropped for want of experts): flagged, not ranked as complete.
alter table review_result add column insufficient boolean default false not null;
