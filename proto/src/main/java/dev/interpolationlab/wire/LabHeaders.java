package dev.interpolationlab.wire;

/** Record headers that every lab record carries, so a consumer can tell what it holds before parsing it. */
public final class LabHeaders {

    /** Full protobuf name of the payload, e.g. {@code interpolationlab.v1.RunRequest}. */
    public static final String MESSAGE_TYPE = "lab-type";

    /** Schema version of the payload's package; consumers reject versions newer than they understand. */
    public static final String SCHEMA_VERSION = "lab-schema-version";

    /** The schema version this build writes and reads ({@code interpolationlab.v1}). */
    public static final int CURRENT_SCHEMA_VERSION = 1;

    private LabHeaders() {
    }
}
