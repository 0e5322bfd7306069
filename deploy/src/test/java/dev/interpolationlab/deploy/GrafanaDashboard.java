package dev.interpolationlab.deploy;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The series the Grafana dashboard plots. */
final class GrafanaDashboard {

    /** A lab metric as Prometheus names it: lab_..., as the services' Micrometer registries export them. */
    private static final Pattern LAB_SERIES = Pattern.compile("\\blab_[a-z_]+");

    private GrafanaDashboard() {
    }

    static Set<String> labSeries() {
        Set<String> series = new TreeSet<>();
        Matcher matcher = LAB_SERIES.matcher(Repository.read(Manifests.K8S.resolve("base/grafana/interpolation-lab.json")));
        while (matcher.find()) {
            series.add(matcher.group());
        }
        return series;
    }
}
