-- Each change to a sweep's analysis inputs (the sweep, a control, a run's outcome) advances its generation in the same
-- transaction. The stored analysis keeps the generation and the build it was computed from, so a read serves it while
-- both are current and computes it only when they are not. Analyses stored before this version are computed once again.
create table analysis_inputs (
    sweep_id   text primary key,
    generation bigint not null
);
alter table analyses add column generation bigint not null default -1;
alter table analyses add column build text;
-- json, not jsonb: a read is served the text exactly as it was computed (jsonb would reorder and reformat it)
alter table analyses alter column result type json using result::json;
