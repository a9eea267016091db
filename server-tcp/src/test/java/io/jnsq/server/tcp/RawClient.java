package io.jnsq.server.tcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/** A blocking socket that speaks raw bytes, independent of any Netty code under test. */
final class RawClient implements AutoCloseable {

    private static final int READ_TIMEOUT_MILLIS = 10_000;

    private final Socket socket;
    private final InputStream in;

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    static RawClient connect(InetSocketAddress address) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true); // so separate writes leave as separate segments
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            socket.connect(address, READ_TIMEOUT_MILLIS);
            return new RawClient(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    RawClient write(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return this;
    }

    byte[] readExactly(int length) throws IOException {
        return in.readNBytes(length);
    }

    /** Everything until the server closes; fails on a reset or a read timeout. */
    byte[] readToEof() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        return all.toByteArray();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
