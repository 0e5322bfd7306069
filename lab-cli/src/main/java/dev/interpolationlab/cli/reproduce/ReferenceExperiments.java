package dev.interpolationlab.cli.reproduce;

import dev.interpolationlab.cli.CliException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The shipped reference experiments of science.md §5, in report order. */
final class ReferenceExperiments {

    private ReferenceExperiments() {
    }

    static List<Experiment> all() {
        return List.of(new Re1Wendel(), new Re2HullDimension(), new Re2RealData(), new Re3DoubleDescent(), new Re4ThreePoint(), new Re5EarlyAlignment(),
                new Re6Threshold(), new Re6Certification(), Re7Memorisation.mixture(), Re7Memorisation.fashionMnist(),
                new Re8Robustness(), new Re9ThresholdDimension(), new Re10TestLoss());
    }

    /** {@code all}, or experiment ids in any case ("RE-4", "re-4"); an unknown id is a usage error listing the known ones. */
    static List<Experiment> select(List<String> names) {
        List<Experiment> known = all();
        if (names.isEmpty() || names.stream().anyMatch(name -> name.equalsIgnoreCase("all"))) {
            return known;
        }
        List<Experiment> chosen = new ArrayList<>();
        for (Experiment experiment : known) {
            if (names.stream().anyMatch(name -> name.toUpperCase(Locale.ROOT).equals(experiment.id))) {
                chosen.add(experiment);
            }
        }
        for (String name : names) {
            if (known.stream().noneMatch(experiment -> experiment.id.equals(name.toUpperCase(Locale.ROOT)))) {
                throw new CliException("unknown experiment '" + name + "'; known: all, "
                        + String.join(", ", known.stream().map(experiment -> experiment.id).toList()), 2);
            }
        }
        return chosen;
    }
}
