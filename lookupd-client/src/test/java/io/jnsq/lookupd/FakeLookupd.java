package io.jnsq.lookupd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An nsqlookupd stand-in for tests, written from the spec (nsqd.md §7), not from the client it tests:
 * blocking sockets, one thread per connection. It speaks {@code "  V1"}: answers IDENTIFY with its own
 * info and REGISTER, UNREGISTER and PING with {@code OK}, records every command per connection, and
 * keeps each connection's registrations until it closes, as lookupd does. Its HTTP side serves
 * {@code /lookup?topic=} and {@code /channels?topic=} (the V1 shapes) from those registrations.
 * {@link #stop()} and {@link #start()} again bind the same ports.
 */
public final class FakeLookupd implements AutoCloseable {

    /** How IDENTIFY is answered. */
    public enum Mode {
        /** lookupd's JSON */
        NORMAL,
        /** bytes that are not JSON */
        GARBAGE,
        /** {@code E_INVALID} */
        INVALID,
        /** nothing at all: the client's answer deadline must expire */
        SILENT
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] MAGIC_V1 = "  V1".getBytes(StandardCharsets.US_ASCII);

    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private volatile Mode mode = Mode.NORMAL;
    private int tcpPort;
    private int httpPort;
    private ServerSocket server;
    private HttpServer http;

    /** Binds both sides on 127.0.0.1, ports chosen by the system. */
    public static FakeLookupd start0() throws IOException {
        FakeLookupd lookupd = new FakeLookupd();
        lookupd.start();
        return lookupd;
    }

    /** Listens again (on the ports of the last run, if any). */
    public synchronized void start() throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), tcpPort));
        tcpPort = server.getLocalPort();
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), httpPort), 16);
        http.createContext("/lookup", this::lookup);
        http.createContext("/channels", this::channels);
        http.start();
        httpPort = http.getAddress().getPort();
        ServerSocket accepting = server;
        Thread acceptor = new Thread(() -> accept(accepting), "fake-lookupd-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Closes the listeners and every connection; what was registered is forgotten, as when lookupd exits. */
    public synchronized void stop() throws IOException {
        if (server != null) {
            server.close();
            http.stop(0);
            server = null;
        }
        for (Connection connection : connections) {
            connection.close();
        }
    }

    @Override
    public void close() throws IOException {
        stop();
    }

    public void mode(Mode mode) {
        this.mode = mode;
    }

    /** The address for {@code --lookupd-tcp-address}. */
    public String tcpAddress() {
        return "127.0.0.1:" + tcpPort;
    }

    public String httpAddress() {
        return "127.0.0.1:" + httpPort;
    }

    public int tcpPort() {
        return tcpPort;
    }

    public int httpPort() {
        return httpPort;
    }

    /** Every connection ever accepted, oldest first (closed ones too). */
    public List<Connection> connections() {
        return List.copyOf(connections);
    }

    /** The connections still open. */
    public List<Connection> openConnections() {
        return connections.stream().filter(Connection::open).toList();
    }

    /** Every command of every connection, oldest first, PINGs left out. */
    public List<String> commands() {
        List<String> all = new ArrayList<>();
        for (Connection connection : connections) {
            all.addAll(connection.commands().stream().filter(command -> !command.equals("PING")).toList());
        }
        return all;
    }

    /** {@code topic} or {@code topic/channel} for what the open connections have registered. */
    public Set<String> registrations() {
        Set<String> all = new TreeSet<>();
        for (Connection connection : openConnections()) {
            all.addAll(connection.registrations());
        }
        return all;
    }

    private void accept(ServerSocket accepting) {
        while (!accepting.isClosed()) {
            try {
                Socket socket = accepting.accept();
                Connection connection = new Connection(socket);
                connections.add(connection);
                Thread reader = new Thread(connection::serve, "fake-lookupd-conn");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    // ---- HTTP ----------------------------------------------------------------------------------

    private void lookup(HttpExchange exchange) throws IOException {
        String topic = topicParam(exchange);
        List<Connection> producers = openConnections().stream()
                .filter(connection -> connection.registrations().contains(topic)).toList();
        if (producers.isEmpty()) {
            respond(exchange, 404, Map.of("message", "TOPIC_NOT_FOUND"));
            return;
        }
        List<Map<String, Object>> peers = new ArrayList<>();
        for (Connection producer : producers) {
            JsonNode info = producer.identity();
            Map<String, Object> peer = new LinkedHashMap<>();
            peer.put("remote_address", producer.remoteAddress());
            peer.put("hostname", info.path("hostname").asText());
            peer.put("broadcast_address", info.path("broadcast_address").asText());
            peer.put("tcp_port", info.path("tcp_port").asInt());
            peer.put("http_port", info.path("http_port").asInt());
            peer.put("version", info.path("version").asText());
            peers.add(peer);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("channels", channelsOf(topic));
        body.put("producers", peers);
        respond(exchange, 200, body);
    }

    private void channels(HttpExchange exchange) throws IOException {
        respond(exchange, 200, Map.of("channels", channelsOf(topicParam(exchange))));
    }

    private Set<String> channelsOf(String topic) {
        Set<String> channels = new TreeSet<>();
        for (String registration : registrations()) {
            if (registration.startsWith(topic + "/")) {
                channels.add(registration.substring(topic.length() + 1));
            }
        }
        return channels;
    }

    private static String topicParam(HttpExchange exchange) {
        String query = exchange.getRequestURI().getRawQuery();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            if (pair.startsWith("topic=")) {
                return URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
            }
        }
        return "";
    }

    private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    // ---- TCP -----------------------------------------------------------------------------------

    /** One client connection: its commands, its IDENTIFY body and its registrations. */
    public final class Connection {

        private final Socket socket;
        private final List<String> commands = new CopyOnWriteArrayList<>();
        private final Set<String> registrations = new TreeSet<>();
        private volatile JsonNode identity;
        private volatile boolean open = true;

        private Connection(Socket socket) {
            this.socket = socket;
        }

        public List<String> commands() {
            return List.copyOf(commands);
        }

        public boolean open() {
            return open;
        }

        /** The IDENTIFY body this connection sent; {@code null} before. */
        public JsonNode identity() {
            return identity;
        }

        public synchronized Set<String> registrations() {
            return Set.copyOf(registrations);
        }

        String remoteAddress() {
            return socket.getRemoteSocketAddress().toString().replaceFirst("^.*/", "");
        }

        private void serve() {
            try (socket) {
                DataInputStream in = new DataInputStream(socket.getInputStream());
                DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                byte[] magic = new byte[4];
                in.readFully(magic);
                if (!java.util.Arrays.equals(magic, MAGIC_V1)) {
                    answer(out, "E_BAD_PROTOCOL");
                    return;
                }
                for (String line; (line = readLine(in)) != null; ) {
                    commands.add(line);
                    if (!execute(line.split(" "), in, out)) {
                        return;
                    }
                }
            } catch (IOException closed) {
                // the client went away, or stop() closed the socket
            } finally {
                open = false;
            }
        }

        /** @return false when the connection must end */
        private boolean execute(String[] words, DataInputStream in, DataOutputStream out) throws IOException {
            switch (words[0]) {
                case "IDENTIFY" -> {
                    byte[] body = new byte[in.readInt()];
                    in.readFully(body);
                    identity = JSON.readTree(body);
                    return identified(out);
                }
                case "PING" -> answer(out, "OK");
                case "REGISTER" -> {
                    synchronized (this) {
                        registrations.add(words[1]);
                        if (words.length > 2) {
                            registrations.add(words[1] + "/" + words[2]);
                        }
                    }
                    answer(out, "OK");
                }
                case "UNREGISTER" -> {
                    synchronized (this) {
                        if (words.length > 2) {
                            registrations.remove(words[1] + "/" + words[2]);
                        } else {
                            registrations.removeIf(r -> r.equals(words[1]) || r.startsWith(words[1] + "/"));
                        }
                    }
                    answer(out, "OK");
                }
                default -> {
                    answer(out, "E_INVALID invalid command " + words[0]);
                    return false;
                }
            }
            return true;
        }

        private boolean identified(DataOutputStream out) throws IOException {
            switch (mode) {
                case GARBAGE -> answer(out, "\u0001\u0002 not json at all");
                case INVALID -> answer(out, "E_INVALID");
                case SILENT -> {
                }
                default -> {
                    Map<String, Object> info = new LinkedHashMap<>();
                    info.put("broadcast_address", "127.0.0.1");
                    info.put("hostname", "fake-lookupd");
                    info.put("http_port", httpPort);
                    info.put("tcp_port", tcpPort);
                    info.put("version", "1.3.0");
                    answer(out, JSON.writeValueAsString(info));
                }
            }
            return true;
        }

        private void answer(DataOutputStream out, String text) throws IOException {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            out.writeInt(bytes.length);
            out.write(bytes);
            out.flush();
        }

        private static String readLine(DataInputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            while (true) {
                int b;
                try {
                    b = in.readUnsignedByte();
                } catch (EOFException end) {
                    return null;
                }
                if (b == '\n') {
                    return line.toString();
                }
                line.append((char) b);
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
