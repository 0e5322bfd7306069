-- Classification runs report accuracies; two-layer networks on 1-D inputs a polar neuron snapshot per recorded step
-- ({"angle": [...], "radius": [...], "sign": [...]}); completed runs keep their final parameters (up to the trainer's
-- limit) so that analysis can recompute hidden features.
alter table metrics
    add column train_accuracy double precision,
    add column test_accuracy  double precision,
    add column neurons        jsonb;
alter table runs
    add column final_train_accuracy double precision,
    add column final_test_accuracy  double precision,
    add column final_parameters     double precision[],
    add column parameter_layout     text;
