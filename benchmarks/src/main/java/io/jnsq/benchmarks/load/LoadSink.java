package io.jnsq.benchmarks.load;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process stand-in for nsqd that does as little as the protocol allows: it discards what
 * publishers send and answers each command with OK, and streams ready-made messages to subscribers
 * within their RDY count. Run against it, the load tool measures its own ceiling. Loopback only, and
 * it lives no longer than the run that started it.
 */
final class LoadSink implements AutoCloseable {

    private final ServerSocket server;
    private final int bodySize;
    private final List<SinkConnection> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger connectionIds = new AtomicInteger();
    private final Thread acceptor;

    LoadSink(int bodySize) throws IOException {
        this.bodySize = bodySize;
        this.server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "load-sink-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                SinkConnection connection = new SinkConnection(socket, bodySize);
                connections.add(connection);
                Thread reader = new Thread(connection, "load-sink-" + connectionIds.incrementAndGet());
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (SinkConnection connection : connections) {
            connection.close();
        }
        try {
            acceptor.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
