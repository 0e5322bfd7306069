package dev.interpolationlab.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Random and mutated sweep specs for fuzzing the parser and the validator: the shipped experiments, each changed in
 * one to three places (a field removed, added, retyped or set to an extreme value; a grid over a real or invented path
 * with odd values), and some bodies that are not JSON at all. Deterministic for a seed.
 */
public final class SpecMutations {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] NAMES = {"kind", "dim", "samples", "width", "steps", "lr", "scale", "seed", "repeats", "grid", "every",
            "noise", "testSamples", "labelNoise", "classes", "batch", "momentum", "ridge", "depth", "pca", "crop", "stop", "window",
            "activation", "bias", "scheme", "zeroOutput", "analyses", "record", "loss", "model", "data", "optimizer", "colour"};
    private static final String[] PATHS = {"data.samples", "model.width", "model.init.scale", "optimizer.lr", "data.dim", "data.kind",
            "model.kind", "optimizer.steps", "data.labelNoise", "model.depth", "data.noise", "seed", "nothing.here", "data", "grid", ""};

    private final SplittableRandom random;
    private final List<JsonNode> seeds;

    public SpecMutations(long seed) {
        this.random = new SplittableRandom(seed);
        this.seeds = shippedSpecs();
    }

    /** The next body: mostly a mutated shipped spec as JSON, sometimes a damaged or random text. */
    public String next() {
        int kind = random.nextInt(20);
        if (kind == 0) {
            return randomText();
        }
        String mutated = mutate(seeds.get(random.nextInt(seeds.size())).deepCopy()).toString();
        if (kind == 1) {
            return mutated.substring(0, random.nextInt(mutated.length()));
        }
        return mutated;
    }

    private JsonNode mutate(JsonNode spec) {
        int changes = 1 + random.nextInt(3);
        for (int i = 0; i < changes; i++) {
            List<ObjectNode> objects = new ArrayList<>();
            collectObjects(spec, objects);
            ObjectNode target = objects.get(random.nextInt(objects.size()));
            List<String> fields = new ArrayList<>();
            target.fieldNames().forEachRemaining(fields::add);
            switch (random.nextInt(6)) {
                case 0 -> {
                    if (!fields.isEmpty()) {
                        target.remove(fields.get(random.nextInt(fields.size())));
                    }
                }
                case 1 -> target.set(NAMES[random.nextInt(NAMES.length)], randomValue(2));
                case 2 -> {
                    if (!fields.isEmpty()) {
                        target.set(fields.get(random.nextInt(fields.size())), randomValue(2));
                    }
                }
                case 3 -> {
                    ObjectNode grid = NODES.objectNode();
                    ArrayNode values = grid.putArray(PATHS[random.nextInt(PATHS.length)]);
                    int count = random.nextInt(5);
                    for (int v = 0; v < count; v++) {
                        values.add(randomValue(1));
                    }
                    ((ObjectNode) spec).set("grid", random.nextBoolean() ? grid : randomValue(1));
                }
                case 4 -> ((ObjectNode) spec).put("repeats", extremeNumber());
                default -> {
                    if (!fields.isEmpty()) {
                        target.put(fields.get(random.nextInt(fields.size())), extremeNumber());
                    }
                }
            }
        }
        return spec;
    }

    private JsonNode randomValue(int depth) {
        return switch (random.nextInt(depth > 0 ? 9 : 7)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(extremeNumber());
            case 3 -> NODES.numberNode(random.nextInt(-5, 2000));
            case 4 -> NODES.textNode(NAMES[random.nextInt(NAMES.length)]);
            case 5 -> NODES.textNode(random.nextBoolean() ? "NaN" : "geometric:" + (random.nextDouble() * 3 - 1));
            case 6 -> NODES.textNode("x".repeat(random.nextInt(300)));
            case 7 -> {
                ArrayNode array = NODES.arrayNode();
                int count = random.nextInt(4);
                for (int i = 0; i < count; i++) {
                    array.add(randomValue(depth - 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                object.set(NAMES[random.nextInt(NAMES.length)], randomValue(depth - 1));
                yield object;
            }
        };
    }

    private double extremeNumber() {
        double[] extremes = {0, -1, -0.0, 1e-320, 1e308, -1e308, Double.MAX_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE + 1.0, 0.5, 1e9, 3};
        return extremes[random.nextInt(extremes.length)];
    }

    private String randomText() {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(200);
        for (int i = 0; i < length; i++) {
            text.append((char) random.nextInt(32, 127));
        }
        return random.nextBoolean() ? text.toString() : "{\"name\": " + text;
    }

    private static void collectObjects(JsonNode node, List<ObjectNode> into) {
        if (node instanceof ObjectNode object) {
            into.add(object);
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                collectObjects(it.next().getValue(), into);
            }
        }
    }

    /** Every spec in experiments/, as JSON trees: the realistic starting points. */
    static List<JsonNode> shippedSpecs() {
        Path here = Path.of("").toAbsolutePath();
        while (here != null && !Files.isDirectory(here.resolve("experiments"))) {
            here = here.getParent();
        }
        if (here == null) {
            throw new IllegalStateException("no experiments/ above " + Path.of("").toAbsolutePath());
        }
        YAMLMapper yaml = new YAMLMapper();
        try (Stream<Path> files = Files.list(here.resolve("experiments"))) {
            List<JsonNode> specs = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                specs.add(JSON.readTree(JSON.writeValueAsString(yaml.readTree(file.toFile()))));
            }
            return specs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
