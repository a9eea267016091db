package io.jnsq.benchmarks.accept;

import io.jnsq.benchmarks.BenchmarkDefaults;
import io.jnsq.protocol.ProtocolRegistry;
import io.jnsq.server.tcp.TcpServer;
import io.jnsq.server.tcp.TcpServerConfig;
import io.netty.channel.epoll.Epoll;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Connections per second through the whole accept path of {@link TcpServer}: accept, the magic sniffer,
 * the registry lookup, the protocol hand-off, one byte back, close. The client is a blocking socket on
 * the same machine, so its connect and close are part of each operation (run with {@code -t 4} to
 * see the server with several clients at once). The epoll case fails fast where epoll is unavailable;
 * JMH then goes on with the next case.
 */
@State(Scope.Benchmark)
public class AcceptLoopBenchmark extends BenchmarkDefaults {

    private static final int TIMEOUT_MILLIS = 5_000;
    private static final byte[] MAGIC = {'B', 'N', 'C', 'H'};

    @Param({"nio", "epoll"})
    public String transport;

    private TcpServer server;
    private InetSocketAddress address;

    @Setup(Level.Trial)
    public void startServer() throws InterruptedException {
        boolean nio = "nio".equals(transport);
        if (!nio && !Epoll.isAvailable()) {
            throw new IllegalStateException("epoll is unavailable here: " + Epoll.unavailabilityCause());
        }
        ProtocolRegistry registry = ProtocolRegistry.builder().register(new ReplyAndCloseProtocol()).build();
        server = new TcpServer(new TcpServerConfig(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), nio), registry);
        server.start();
        address = server.boundAddress();
    }

    @TearDown(Level.Trial)
    public void stopServer() {
        server.close();
    }

    @Benchmark
    public int connectHandOverClose() throws IOException {
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(address, TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.getOutputStream().write(MAGIC);
            InputStream in = socket.getInputStream();
            int reply = in.read();
            int end = in.read();
            if (reply != ReplyAndCloseProtocol.REPLY || end != -1) {
                throw new IllegalStateException("expected the reply byte then the server's close, got " + reply + ", " + end);
            }
            // the server closed first; a reset instead of our FIN leaves no TIME_WAIT on either side,
            // so tens of thousands of connections do not run the machine out of ports
            socket.setSoLinger(true, 0);
            return reply;
        }
    }
}
