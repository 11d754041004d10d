-- A proposal returned for correction gets its own resubmission deadline (the call's, or N working days
-- after the return when that is later).
alter table proposal add column correction_deadline timestamp with time zone;
