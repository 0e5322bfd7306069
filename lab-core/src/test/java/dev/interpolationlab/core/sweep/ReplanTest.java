package dev.interpolationlab.core.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.interpolationlab.core.spec.SpecLimits;
import dev.interpolationlab.core.spec.SpecParser;
import dev.interpolationlab.core.spec.ValidatedSweep;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A retry plans a stored sweep's runs again: from its normalised form, the same ids, seeds and specs as at submission. */
class ReplanTest {

    @Test
    void theStoredNormalisedSpecPlansTheSameRuns() throws Exception {
        String spec = """
                {"name": "replan", "seed": 11, "repeats": 2, "model": {"kind": "mlp", "width": 8},
                 "data": {"kind": "gaussian-mixture", "dim": 4, "samples": 30, "testSamples": 10, "labelNoise": 0.1},
                 "optimizer": {"kind": "gd", "lr": 0.1, "steps": 10},
                 "grid": {"data.samples": [30, 60], "model.width": [8, 16]}}""";
        ValidatedSweep submitted = new SpecParser(SpecLimits.DEFAULTS).parseJson(spec);
        // what the store keeps and the gateway reads back: the normalised JSON as text
        ObjectNode stored = (ObjectNode) new ObjectMapper().readTree(submitted.normalised().toString());
        List<PlannedRun> original = GridExpander.runs("sw-x", submitted);
        List<PlannedRun> replanned = GridExpander.runs("sw-x", SpecParser.accepted(stored));
        assertEquals(8, original.size());
        assertEquals(original, replanned);
    }
}
