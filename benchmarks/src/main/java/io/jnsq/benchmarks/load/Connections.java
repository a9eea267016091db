package io.jnsq.benchmarks.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Opening the load tool's sockets: bounded connect, no Nagle, large buffers. */
final class Connections {

    static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private Connections() {
    }

    static Socket open(InetSocketAddress address, int readTimeoutMillis) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setReceiveBufferSize(1 << 20);
            socket.setSendBufferSize(1 << 20);
            socket.connect(address, CONNECT_TIMEOUT_MILLIS);
            socket.setSoTimeout(readTimeoutMillis);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot connect to " + address.getHostString() + ":" + address.getPort() + ": " + e.getMessage(), e);
        }
    }
}
