-- The analysis makes the end-state verdict from measurements (issue 16): the trainer's own "interpolating" flag goes,
-- and the end point of each completed two-layer regression run is measured once from its final parameters and its
-- regenerated data — ‖∇L(θ_T)‖, the extreme Hessian eigenvalues (Lanczos), the alignment of the effective linear
-- predictor with OLS: {"gradNorm": ..., "hessianMin": ..., ...}, or {"skipped": "why"} where it cannot be.
alter table runs
    drop column interpolating,
    add column end_point jsonb;
