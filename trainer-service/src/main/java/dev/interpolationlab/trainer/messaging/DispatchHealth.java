package dev.interpolationlab.trainer.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** A trainer whose share-group dispatch thread has ended takes no more runs: restart it. */
@Liveness
@ApplicationScoped
public class DispatchHealth implements HealthCheck {

    @Inject
    ShareGroupDispatch dispatch;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("run-dispatch").status(dispatch.dispatching()).withData("dispatch", dispatch.dispatch).build();
    }
}
