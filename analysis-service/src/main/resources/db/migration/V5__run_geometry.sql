-- The per-run measurements of the hull and robustness analyses (fraction of test points inside the training hull in
-- input and hidden-feature space, the Lipschitz lower estimate), computed once per completed run from its
-- regenerated data and final parameters: {"inputFractionInside": ..., ...}.
alter table runs
    add column geometry jsonb;
