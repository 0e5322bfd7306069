-- Two-layer networks also report where their neurons point (science.md §2.3); absent for other models.
alter table metrics
    add column direction_clusters integer,
    add column alignment_ols      double precision,
    add column alignment_teacher  double precision;
alter table runs
    add column direction_clusters integer;
