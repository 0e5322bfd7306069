-- Failed-attempt bookkeeping: which attempt at a run its trainer is on (or gave up at), and the checkpoint step the
-- latest attempt resumed from (0: from the start).
alter table runs add column attempts integer;
alter table runs add column resumed_from_step bigint;
