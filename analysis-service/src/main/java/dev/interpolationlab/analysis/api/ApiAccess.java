package dev.interpolationlab.analysis.api;

import dev.interpolationlab.api.ErrorBody;
import dev.interpolationlab.runtime.BearerToken;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * With {@code LAB_API_TOKEN} set, every request under {@code /api} (the reads the gateway relays and the CPU-heavy
 * {@code POST /api/hull}) needs {@code Authorization: Bearer <token>}, the gateway's own token, which the gateway sends:
 * only the gateway is meant to call this service, and a NetworkPolicy or compose's internal network is one wall, this
 * the second. Health, metrics and OpenAPI under {@code /q} stay open for the probes. {@code LAB_API_TOKEN_REQUIRED=true}
 * (compose, Kubernetes) makes a missing token a start-up error.
 */
@ApplicationScoped
public class ApiAccess {

    private static final Logger LOG = Logger.getLogger(ApiAccess.class);

    @ConfigProperty(name = "lab.api.token")
    Optional<String> token;

    @ConfigProperty(name = "lab.api.token-required")
    boolean tokenRequired;

    private BearerToken expected;

    void start(@Observes StartupEvent startup) {
        expected = BearerToken.of(token, tokenRequired, "the token the gateway sends");
        if (!expected.isSet()) {
            LOG.warn("LAB_API_TOKEN is not set: this service's API answers whoever reaches its port");
        }
    }

    @ServerRequestFilter
    public Optional<Response> guard(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/api/") && !path.equals("/api")) {
            return Optional.empty();
        }
        return expected.refusal(request.getHeaderString(HttpHeaders.AUTHORIZATION)).map(reason -> Response
                .status(Response.Status.UNAUTHORIZED).type(MediaType.APPLICATION_JSON).entity(new ErrorBody("unauthorized", reason))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"interpolation-lab\"").build());
    }
}
