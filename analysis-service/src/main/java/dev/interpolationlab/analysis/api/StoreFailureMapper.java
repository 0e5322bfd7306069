package dev.interpolationlab.analysis.api;

import dev.interpolationlab.analysis.store.StoreFailure;
import dev.interpolationlab.api.ErrorBody;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A read that fails because the database is away answers 503 with a JSON reason and a Retry-After, so that clients and
 * the gateway can tell an outage (come back later) from a fault (500); neither leaks the driver's message.
 */
public class StoreFailureMapper {

    static final int RETRY_AFTER_SECONDS = 5;
    private static final Logger LOG = Logger.getLogger(StoreFailureMapper.class);

    @ServerExceptionMapper
    public Response storeFailed(SQLException e) {
        if (StoreFailure.isUnavailable(e)) {
            LOG.warnf("read answered 503, the store is unavailable: %s", e.getMessage());
            return Response.status(Response.Status.SERVICE_UNAVAILABLE).type(MediaType.APPLICATION_JSON)
                    .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                    .entity(new ErrorBody("unavailable", "the store (PostgreSQL) is unavailable; try again shortly")).build();
        }
        LOG.errorf(e, "read failed in the store (SQLState %s)", e.getSQLState());
        return Response.status(Response.Status.INTERNAL_SERVER_ERROR).type(MediaType.APPLICATION_JSON)
                .entity(new ErrorBody("internal", "the store could not answer this read (SQLState " + e.getSQLState() + ")")).build();
    }
}
