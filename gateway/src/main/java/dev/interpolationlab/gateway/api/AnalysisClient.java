package dev.interpolationlab.gateway.api;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The analysis service's read API; the gateway is stateless and serves history from it. */
@RegisterRestClient(configKey = "analysis")
@RegisterProvider(AnalysisAuthorization.class)
@Path("/api")
public interface AnalysisClient {

    @GET
    @Path("/sweeps")
    Response sweeps(@QueryParam("limit") Integer limit);

    @GET
    @Path("/sweeps/{id}")
    Response sweep(@PathParam("id") String id);

    @GET
    @Path("/sweeps/{id}/runs")
    Response runs(@PathParam("id") String id);

    @GET
    @Path("/sweeps/{id}/retry-plan")
    Response retryPlan(@PathParam("id") String id);

    @GET
    @Path("/sweeps/{id}/analysis")
    Response analysis(@PathParam("id") String id);

    @GET
    @Path("/sweeps/{id}/curves")
    Response curves(@PathParam("id") String id, @QueryParam("perDecade") Integer perDecade);

    @GET
    @Path("/runs/{id}/metrics")
    Response metrics(@PathParam("id") String id, @QueryParam("format") String format);

    /** The body travels as it came (JSON or a multipart CSV upload), with its content type. */
    @POST
    @Path("/hull")
    @Consumes(MediaType.WILDCARD)
    Response hull(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, @QueryParam("pca") Boolean pca,
            @QueryParam("distances") Boolean distances, byte[] body);
}
