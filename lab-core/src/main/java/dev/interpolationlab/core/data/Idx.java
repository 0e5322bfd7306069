package dev.interpolationlab.core.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * The IDX format of MNIST and Fashion-MNIST (yann.lecun.com/exdb/mnist): a big-endian magic 0x0000 08 NN (unsigned
 * bytes, NN dimensions), NN big-endian int32 sizes, then the bytes. Gzipped files (as Debian ships them) are read
 * through gunzip.
 */
public final class Idx {

    /** The sizes and the unsigned bytes of one IDX file. */
    public record Array(int[] shape, byte[] data) {
        public int count() {
            return shape[0];
        }

        /** Bytes per item: the product of the sizes after the first. */
        public int itemSize() {
            int size = 1;
            for (int i = 1; i < shape.length; i++) {
                size *= shape[i];
            }
            return size;
        }

        public int unsigned(int index) {
            return data[index] & 0xFF;
        }
    }

    private Idx() {
    }

    public static Array read(Path file) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
             DataInputStream in = new DataInputStream(file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw)) {
            int magic = in.readInt();
            if ((magic >>> 8) != 0x08) {
                throw new IOException(file + " is not an IDX file of unsigned bytes (magic 0x" + Integer.toHexString(magic) + ")");
            }
            int[] shape = new int[magic & 0xFF];
            long total = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = in.readInt();
                total *= shape[i];
            }
            if (shape.length == 0 || total > Integer.MAX_VALUE) {
                throw new IOException(file + " has an unusable shape");
            }
            byte[] data = new byte[(int) total];
            in.readFully(data);
            return new Array(shape, data);
        }
    }

    /** Writes an IDX file of unsigned bytes (used to build small test sets). */
    public static void write(Path file, int[] shape, byte[] data) throws IOException {
        try (var out = new java.io.DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeInt(0x0800 | shape.length);
            for (int size : shape) {
                out.writeInt(size);
            }
            out.write(data);
        }
    }
}
