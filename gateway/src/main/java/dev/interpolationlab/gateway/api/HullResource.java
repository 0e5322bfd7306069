package dev.interpolationlab.gateway.api;

import dev.interpolationlab.api.ErrorBody;
import dev.interpolationlab.api.HullAnswer;
import dev.interpolationlab.api.HullRequest;
import dev.interpolationlab.api.ValidationErrors;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** {@code POST /api/hull}, answered by the analysis service (which owns the lab's statistics). */
@Path("/api/hull")
public class HullResource {

    @Inject
    @RestClient
    AnalysisClient analysis;

    @POST
    @Consumes({MediaType.APPLICATION_JSON, MediaType.MULTIPART_FORM_DATA})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Convex-hull statistics of user points",
            description = "{\"train\": [[...]], \"test\": [[...]]} or a multipart upload of CSV files 'train' and 'test'; "
                    + "per test point inside/distance, fractionInside, the PCA-k curve (pca=false skips it; distances=false answers "
                    + "membership only, leaving the distance fields null); 400 names every problem")
    @RequestBody(required = true, content = {@Content(mediaType = "application/json", schema = @Schema(implementation = HullRequest.class)),
            @Content(mediaType = "multipart/form-data", schema = @Schema(type = SchemaType.OBJECT, description = "two CSV files, train and test: one point per line, an optional header"))})
    @APIResponse(responseCode = "200", description = "per test point and for the set", content = @Content(mediaType = "application/json", schema = @Schema(implementation = HullAnswer.class)))
    @APIResponse(responseCode = "400", description = "every problem with the points, by field", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ValidationErrors.class)))
    @APIResponse(responseCode = "413", description = "the request is over a size limit", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    public Response hull(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, @QueryParam("pca") Boolean pca,
            @QueryParam("distances") Boolean distances, byte[] body) {
        return Passthrough.call(() -> analysis.hull(contentType, pca, distances, body));
    }
}
