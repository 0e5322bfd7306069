package dev.interpolationlab.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.interpolationlab.gateway.live.LiveEvents;
import dev.interpolationlab.infra.LabInfraTestResource;
import dev.interpolationlab.infra.RawHttp;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Two thousand clients, each from an address of its own (127.0.x.y), open a live stream and then say nothing (issue
 * 21). Before streams were bounded, each took a 131,072-slot queue, and about 1,000 idle ones exhausted a 768 MiB
 * gateway. Now the gateway holds at most {@code lab.live.max-streams} and answers the rest 503 at once. The ones it
 * holds cost little heap, the gateway answers other requests meanwhile, and every place comes back when the clients
 * leave.
 */
@QuarkusTest
@WithTestResource(LabInfraTestResource.class)
class IdleLiveStreamsTest {

    private static final int CLIENTS = 2000;
    /** Heap per held stream, at most: the unbounded queue alone took 512 KB. */
    private static final long BYTES_PER_STREAM = 64 * 1024;

    @Inject
    LiveEvents live;

    @ConfigProperty(name = "lab.live.max-streams")
    int maxStreams;

    @Test
    void twoThousandIdleClientsGetTheGatewaysBoundAndLittleHeap() throws Exception {
        // both ends of every held stream are in this JVM: twice lab.live.max-streams descriptors, and the rest
        long descriptors = ((com.sun.management.UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getMaxFileDescriptorCount();
        org.junit.jupiter.api.Assumptions.assumeTrue(descriptors >= 2L * maxStreams + 1024,
                "this JVM may open " + descriptors + " files, too few to hold " + maxStreams + " streams from both ends");
        long heapBefore = usedHeapAfterGc();
        List<Socket> clients = new ArrayList<>();
        int held = 0;
        int refused = 0;
        try {
            for (int i = 0; i < CLIENTS; i++) {
                InetAddress address = InetAddress.getByAddress(new byte[] {127, 0, (byte) (1 + i / 250), (byte) (1 + i % 250)});
                Socket client = RawHttp.get(address, RestAssured.port, "/api/sweeps/idle/stream", 0);
                clients.add(client);
                int status = RawHttp.status(client);
                if (status == 200) {
                    held++;
                } else {
                    assertEquals(503, status, "client " + i);
                    refused++;
                    client.close();
                }
            }
            assertEquals(maxStreams, held, "streams held");
            assertEquals(CLIENTS - maxStreams, refused);
            awaitStreams(maxStreams);
            long perStream = (usedHeapAfterGc() - heapBefore) / held;
            System.out.printf("%d idle streams held: %d bytes of heap each%n", held, perStream);
            assertTrue(perStream < BYTES_PER_STREAM, perStream + " bytes of heap per idle stream");
            // the gateway answers the rest of the world meanwhile
            given().get("/q/health/ready").then().statusCode(200);
            given().get("/q/openapi").then().statusCode(200);
        } finally {
            for (Socket client : clients) {
                client.close();
            }
        }
        // the heartbeat finds every departed client, and their places come back
        awaitStreams(0);
    }

    private void awaitStreams(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && live.activeStreams() != expected) {
            Thread.sleep(100);
        }
        assertEquals(expected, live.activeStreams(), "streams subscribed");
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
