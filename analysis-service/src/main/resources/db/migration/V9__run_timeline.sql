-- Every run's timeline (issue 17): when it was queued (the sweep's acceptance, or the retry that queued it again) and
-- each attempt at it, by trainer, from its STARTED event to the event that ended it (completed, failed, cancelled,
-- released). A run retried on request counts its attempts from 1 again, so an attempt is a start, not a number:
-- a redelivered start (same attempt, same time) is the same row, and an end closes the latest open row of its attempt.
alter table runs add column queued_at timestamptz;
update runs set queued_at = sweeps.accepted_at from sweeps where sweeps.id = runs.sweep_id;

create table run_attempts (
    id         bigserial primary key,
    run_id     text    not null,
    attempt    integer not null,
    sweep_id   text    not null,
    trainer_id text,
    started_at timestamptz,
    ended_at   timestamptz,
    outcome    text,
    unique (run_id, attempt, started_at)
);
create index run_attempts_by_sweep on run_attempts (sweep_id);
