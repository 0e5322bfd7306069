-- A user can cancel a sweep (its queued runs become cancelled; its trainers stop the running ones) and re-run its
-- failed runs. The cancellation's time is kept: a retry repeats it on the compacted control topic.
alter table sweeps
    add column cancelled_at timestamptz;
