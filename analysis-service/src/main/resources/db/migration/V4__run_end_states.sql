-- What the threshold analysis needs to classify a completed run's end state (science.md §2.2): the scale of its
-- labels (interpolating: train loss < ε·Var(y)) and its final alignment to the OLS direction.
alter table runs
    add column label_variance      double precision,
    add column final_alignment_ols double precision;
