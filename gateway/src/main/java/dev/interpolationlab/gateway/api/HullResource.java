package dev.interpolationlab.gateway.api;

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
    public Response hull(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, @QueryParam("pca") Boolean pca,
            @QueryParam("distances") Boolean distances, byte[] body) {
        return Passthrough.call(() -> analysis.hull(contentType, pca, distances, body));
    }
}
