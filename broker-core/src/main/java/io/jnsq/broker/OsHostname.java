package io.jnsq.broker;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This host's name as nsqd knows it: what Go's {@code os.Hostname()} reads on Linux, elsewhere the JVM's
 * idea of the local host name. {@code /info}, the IDENTIFY sent to nsqlookupd and the default
 * {@code --broadcast-address} all use it.
 */
public final class OsHostname {

    private static final Path KERNEL_HOSTNAME = Path.of("/proc/sys/kernel/hostname");

    private OsHostname() {
    }

    /** @throws IOException when neither the kernel nor the JVM can tell */
    public static String get() throws IOException {
        if (Files.isReadable(KERNEL_HOSTNAME)) {
            return Files.readString(KERNEL_HOSTNAME, StandardCharsets.UTF_8).strip();
        }
        return InetAddress.getLocalHost().getHostName();
    }
}
