package dev.interpolationlab.gateway.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The analysis service's read API; the gateway is stateless and serves history from it. */
@RegisterRestClient(configKey = "analysis")
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
    @Path("/sweeps/{id}/analysis")
    Response analysis(@PathParam("id") String id);

    @GET
    @Path("/runs/{id}/metrics")
    Response metrics(@PathParam("id") String id, @QueryParam("format") String format);
}
