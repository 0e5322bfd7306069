package dev.interpolationlab.trainer.messaging;

import dev.interpolationlab.proto.v1.RunRequest;
import dev.interpolationlab.proto.v1.SweepControl;
import dev.interpolationlab.wire.PoisonRecordException;
import dev.interpolationlab.wire.ProtoCodec;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The cancelled sweeps, read by each trainer from the compacted {@code lab.sweeps.control} (a consumer group of its
 * own, from the beginning). A cancellation stops the requests published before it; a retry's requests postdate it and
 * run. Checked at every step of a run, so a cancelled run stops within a step of the record arriving.
 */
@ApplicationScoped
public class SweepCancellations {

    private static final Logger LOG = Logger.getLogger(SweepCancellations.class);

    private final Map<String, Long> cancelledAtMs = new ConcurrentHashMap<>();

    @Incoming("sweep-controls")
    public void onControl(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        try {
            SweepControl control = ProtoCodec.decode(record.headers(), record.value(), SweepControl.getDefaultInstance());
            if (control.getCancelledAtMs() > 0) {
                cancelledAtMs.merge(control.getSweepId(), control.getCancelledAtMs(), Math::max);
            }
        } catch (PoisonRecordException e) {
            LOG.warnf("skipped an unreadable sweep control record of %s: %s", record.key(), e.getMessage());
        }
    }

    /** Whether a cancellation of its sweep came after this request was published. */
    public boolean cancels(RunRequest request) {
        Long at = cancelledAtMs.get(request.getSweepId());
        return at != null && request.getRequestedAtMs() < at;
    }
}
