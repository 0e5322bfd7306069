package dev.interpolationlab.gateway.api;

import dev.interpolationlab.runtime.BearerToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every call to the analysis service carries {@code LAB_API_TOKEN} when it is set: that service then refuses any API
 * request without it, so that reaching its port (inside compose or the cluster) is not enough to read or to spend its CPU.
 */
@ApplicationScoped
public class AnalysisAuthorization implements ClientRequestFilter {

    private final Optional<String> header;

    AnalysisAuthorization(@ConfigProperty(name = "lab.api.token") Optional<String> token) {
        this.header = BearerToken.of(token).authorizationHeader();
    }

    /** The {@code Authorization} value to send, if any. */
    Optional<String> header() {
        return header;
    }

    @Override
    public void filter(ClientRequestContext request) {
        header.ifPresent(value -> request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, value));
    }
}
