package dev.interpolationlab.runtime.openapi;

import dev.interpolationlab.core.spec.SpecLimits;
import dev.interpolationlab.core.spec.SpecParser;
import dev.interpolationlab.proto.v1.AnalysisResult;
import dev.interpolationlab.proto.v1.EpochMetrics;
import dev.interpolationlab.proto.v1.Provenance;
import dev.interpolationlab.proto.v1.RetryPlan;
import dev.interpolationlab.proto.v1.RunEvent;
import java.util.List;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;

/**
 * The schemas of the API's bodies that are not Java records, added to each service's OpenAPI document (registered as
 * {@code mp.openapi.filter}; Quarkus runs it at build time): the protobuf messages served in their JSON form
 * ({@link #PROTO_MESSAGES}), the sweep spec as the parser checks it ({@value #SWEEP_SPEC}, under the default limits),
 * and one live-stream event ({@value #LIVE_EVENT}). Endpoints name them with {@code @Schema(ref = ...)}.
 */
public class LabSchemas implements OASFilter {

    public static final String SWEEP_SPEC = "SweepSpecDocument";
    public static final String LIVE_EVENT = "LiveEvent";
    public static final String ANALYSIS = "AnalysisResult";
    public static final String RETRY_PLAN = "RetryPlan";

    static final List<com.google.protobuf.Descriptors.Descriptor> PROTO_MESSAGES = List.of(AnalysisResult.getDescriptor(),
            RetryPlan.getDescriptor(), EpochMetrics.getDescriptor(), RunEvent.getDescriptor(), Provenance.getDescriptor());

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        Components components = openAPI.getComponents();
        PROTO_MESSAGES.forEach(message -> ProtoSchemas.add(components, message));
        components.addSchema(SWEEP_SPEC, JsonSchemas.of(new SpecParser(SpecLimits.DEFAULTS).jsonSchema())
                .description("A sweep spec (product.md, \"Sweep spec\"), in JSON or YAML, under the default limits (a deployment may "
                        + "configure others): every absent optional field takes its default. The parser checks more than a schema "
                        + "says (defaults by kind, every grid point, the run count), and a 400 names each offending field."));
        components.addSchema(LIVE_EVENT, OASFactory.createSchema()
                .description("The data of one Server-Sent Event, by its event name: epoch (a recorded step, EpochMetrics), run (a "
                        + "status change, RunEvent), analysis (an updated AnalysisResult); reset (no data: the events missed are no "
                        + "longer kept, reload over REST)")
                .oneOf(List.of(OASFactory.createSchema().ref(EpochMetrics.getDescriptor().getName()),
                        OASFactory.createSchema().ref(RunEvent.getDescriptor().getName()),
                        OASFactory.createSchema().ref(ANALYSIS))));
    }
}
