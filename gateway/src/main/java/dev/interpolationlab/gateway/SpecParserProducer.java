package dev.interpolationlab.gateway;

import dev.interpolationlab.core.spec.SpecLimits;
import dev.interpolationlab.core.spec.SpecParser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The spec parser with the limits of this deployment. */
@ApplicationScoped
public class SpecParserProducer {

    @Produces
    @Singleton
    SpecParser parser(@ConfigProperty(name = "lab.limits.max-runs") int maxRuns,
            @ConfigProperty(name = "lab.limits.max-samples-times-dim") long maxSamplesTimesDim,
            @ConfigProperty(name = "lab.limits.max-width-times-dim") long maxWidthTimesDim,
            @ConfigProperty(name = "lab.limits.max-steps") long maxSteps,
            @ConfigProperty(name = "lab.limits.max-csv-chars") int maxCsvChars) {
        return new SpecParser(new SpecLimits(maxRuns, maxSamplesTimesDim, maxWidthTimesDim, maxSteps, maxCsvChars));
    }
}
