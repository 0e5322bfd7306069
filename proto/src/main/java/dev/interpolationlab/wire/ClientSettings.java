package dev.interpolationlab.wire;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The part of a service's Kafka settings (bootstrap servers and, where configured, TLS and SASL) that one kind of
 * client knows: an admin or share consumer built by hand warns on every setting it does not know, and an empty value
 * (an unset environment variable) would override the client's default.
 */
public final class ClientSettings {

    private ClientSettings() {
    }

    /** The entries of {@code config} named in {@code known} (a client's {@code configNames()}), without empty values. */
    public static Map<String, Object> known(Map<String, ?> config, Set<String> known) {
        Map<String, Object> settings = new HashMap<>();
        config.forEach((key, value) -> {
            if (known.contains(key) && value != null && !value.toString().isEmpty()) {
                settings.put(key, value);
            }
        });
        return settings;
    }
}
