-- The lab's store: sweeps, runs (with their summaries), recorded metrics, and the latest analysis per sweep.
-- No foreign keys between runs and sweeps: records arrive on different topics in any order, and each is stored
-- as it comes (upserts), so a run event that overtakes its sweep is kept, not rejected.

create table sweeps (
    id           text primary key,
    name         text        not null,
    spec         jsonb       not null,
    total_runs   integer     not null,
    code_version text,
    accepted_at  timestamptz not null
);
create index sweeps_newest_first on sweeps (accepted_at desc);

-- queued < running < completed | failed | cancelled: a redelivered older event never moves a run backwards.
create function run_status_rank(status text) returns integer
    language sql immutable as
$$ select case status when 'queued' then 0 when 'running' then 1 else 2 end $$;

create table runs (
    id               text primary key,
    sweep_id         text        not null,
    run_index        integer,
    grid_point       jsonb       not null default '{}',
    repeat           integer,
    seed             numeric(20),
    samples          integer,
    status           text        not null default 'queued',
    trainer_id       text,
    final_train_loss double precision,
    final_test_loss  double precision,
    ols_train_ratio  double precision,
    ols_test_ratio   double precision,
    grad_norm        double precision,
    steps            bigint,
    stop_reason      text,
    interpolating    boolean,
    wall_ms          bigint,
    reason           text,
    provenance       jsonb,
    updated_at       timestamptz not null default now()
);
create index runs_by_sweep on runs (sweep_id, run_index);

-- One row per recorded step: redelivered metrics hit the primary key and are ignored.
create table metrics (
    run_id          text   not null,
    step            bigint not null,
    train_loss      double precision,
    test_loss       double precision,
    grad_norm       double precision,
    ols_train_ratio double precision,
    ols_test_ratio  double precision,
    param_norm      double precision,
    wall_ms         bigint,
    primary key (run_id, step)
);

create table analyses (
    sweep_id    text primary key,
    result      jsonb       not null,
    computed_at timestamptz not null
);
