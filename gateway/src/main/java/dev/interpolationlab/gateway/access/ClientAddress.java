package dev.interpolationlab.gateway.access;

import io.vertx.core.http.HttpServerRequest;

/** The client a per-client limit counts against: its address as the connection shows it. */
public final class ClientAddress {

    private ClientAddress() {
    }

    public static String of(HttpServerRequest http) {
        return http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress();
    }
}
