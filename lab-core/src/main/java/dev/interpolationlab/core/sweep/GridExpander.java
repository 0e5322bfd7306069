package dev.interpolationlab.core.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.interpolationlab.core.random.SeedDerivation;
import dev.interpolationlab.core.spec.ValidatedSweep;
import dev.interpolationlab.proto.v1.GridValue;
import dev.interpolationlab.proto.v1.RunRef;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Expands a sweep into runs: per replicate, the cartesian product of the grid axes (first axis slowest), each point
 * repeated {@code repeats} times, every run with a seed derived from (base seed, grid point, repeat), where replicate r
 * has base seed = sweep seed + r.
 */
public final class GridExpander {

    private static final ObjectMapper LITERALS = new ObjectMapper();
    /** The grid coordinate that numbers a sweep's replicates. */
    public static final String REPLICATE = "replicate";

    private GridExpander() {
    }

    /** Number of runs of a normalised sweep tree, without building them; saturates at Long.MAX_VALUE. */
    public static long runCount(JsonNode normalisedSweep) {
        long count = Math.multiplyExact(normalisedSweep.get("repeats").asLong(), normalisedSweep.path("replicates").asLong(1));
        for (JsonNode values : normalisedSweep.get("grid")) {
            count = Math.multiplyExact(count, values.size());
        }
        return count;
    }

    /** Every grid point of a normalised sweep tree, with its values applied to a copy of the base spec. */
    public static List<GridPoint> points(JsonNode normalisedSweep) {
        List<String> paths = new ArrayList<>();
        List<JsonNode> axes = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = normalisedSweep.get("grid").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> axis = it.next();
            paths.add(axis.getKey());
            axes.add(axis.getValue());
        }
        List<GridPoint> points = new ArrayList<>();
        int[] index = new int[axes.size()];
        while (true) {
            ObjectNode spec = ((ObjectNode) normalisedSweep).deepCopy();
            List<GridValue> coordinates = new ArrayList<>(axes.size());
            for (int a = 0; a < axes.size(); a++) {
                JsonNode value = axes.get(a).get(index[a]);
                set(spec, paths.get(a), value);
                coordinates.add(GridValue.newBuilder().setPath(paths.get(a)).setValue(value.toString()).build());
            }
            points.add(new GridPoint(List.copyOf(coordinates), spec));
            int a = axes.size() - 1;
            while (a >= 0 && ++index[a] == axes.get(a).size()) {
                index[a] = 0;
                a--;
            }
            if (a < 0) {
                return points;
            }
        }
    }

    /**
     * The spec of one run: the normalised sweep tree with a grid point's values applied (values as JSON literals, as
     * {@link GridValue} carries them). Lets analysis rebuild any stored run's training spec from its sweep.
     */
    public static ObjectNode specAt(JsonNode normalisedSweep, List<GridValue> coordinates) {
        ObjectNode spec = ((ObjectNode) normalisedSweep).deepCopy();
        for (GridValue coordinate : coordinates) {
            if (coordinate.getPath().equals(REPLICATE)) {
                continue; // a replicate changes the seeds, not the training spec
            }
            try {
                set(spec, coordinate.getPath(), LITERALS.readTree(coordinate.getValue()));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("grid value of " + coordinate.getPath() + " is not a JSON literal: " + coordinate.getValue(), e);
            }
        }
        return spec;
    }

    /**
     * Every run of the sweep: per replicate r (slowest; base seed = sweep seed + r), per grid point, per repeat. With
     * more than one replicate each run's grid point starts with the coordinate {@value #REPLICATE} = r, which applies
     * to no training field (so replicate 0 is the sweep without replicates, run for run).
     */
    public static List<PlannedRun> runs(String sweepId, ValidatedSweep sweep) {
        long sweepSeed = sweep.spec().getSeed();
        int repeats = sweep.spec().getRepeats();
        int replicates = Math.max(1, sweep.spec().getReplicates());
        List<GridPoint> points = points(sweep.normalised());
        List<PlannedRun> runs = new ArrayList<>();
        for (int replicate = 0; replicate < replicates; replicate++) {
            for (GridPoint point : points) {
                var training = TrainingSpecs.fromNormalised(point.spec());
                List<GridValue> coordinates = new ArrayList<>();
                if (replicates > 1) {
                    coordinates.add(GridValue.newBuilder().setPath(REPLICATE).setValue(Integer.toString(replicate)).build());
                }
                coordinates.addAll(point.coordinates());
                for (int repeat = 0; repeat < repeats; repeat++) {
                    int index = runs.size();
                    RunRef ref = RunRef.newBuilder()
                            .setRunId(runId(sweepId, index))
                            .setIndex(index)
                            .addAllGridPoint(coordinates)
                            .setRepeat(repeat)
                            .setSeed(SeedDerivation.runSeed(sweepSeed + replicate, point.coordinates(), repeat))
                            .build();
                    runs.add(new PlannedRun(ref, training));
                }
            }
        }
        return runs;
    }

    public static String runId(String sweepId, int index) {
        return sweepId + "-" + String.format("%04d", index);
    }

    private static void set(ObjectNode tree, String dottedPath, JsonNode value) {
        String[] parts = dottedPath.split("\\.");
        ObjectNode node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            node = (ObjectNode) node.get(parts[i]);
        }
        node.set(parts[parts.length - 1], value.deepCopy());
    }
}
