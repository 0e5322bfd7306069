package dev.interpolationlab.infra;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * An HTTP/1.1 client as hostile as a test needs: it sends a GET from an address of its choosing (any 127.x.y.z is
 * this machine, each a client of its own to the server), reads the status line and then nothing more, for as long as
 * the test keeps the socket open. No HTTP library lets a caller stop reading half-way on purpose.
 */
public final class RawHttp {

    private RawHttp() {
    }

    /**
     * Sends {@code GET path} to {@code 127.0.0.1:port} from {@code from} (null: any) with a receive buffer of
     * {@code receiveBuffer} bytes (0: the system's), and returns the open socket.
     */
    public static Socket get(InetAddress from, int port, String path, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        try {
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** The status code of the response's first line, read byte by byte so that nothing after it is consumed. */
    public static int status(Socket socket) throws IOException {
        InputStream response = socket.getInputStream();
        StringBuilder line = new StringBuilder();
        for (int c = response.read(); c != -1 && c != '\n'; c = response.read()) {
            line.append((char) c);
        }
        if (!line.toString().startsWith("HTTP/1.1 ") || line.length() < 12) {
            throw new IOException("not an HTTP/1.1 status line: " + line);
        }
        return Integer.parseInt(line.substring(9, 12));
    }
}
