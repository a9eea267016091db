package io.jnsq.nsqd;

import io.jnsq.broker.auth.AuthClientConfig;
import io.jnsq.broker.config.ClientConfig;
import io.jnsq.broker.config.MessageConfig;
import io.jnsq.broker.config.QueueConfig;
import io.jnsq.lookupd.LookupdClientConfig;
import io.jnsq.metrics.StatsdConfig;
import io.jnsq.nsqd.logging.LoggingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The configuration's parts cannot be mis-wired: settings are named, never placed. */
class NsqdConfigTest {

    @TempDir
    Path output;

    /** Every part: settings go in through named setters only; nothing outside its package can construct one. */
    @Test
    void noPartHasAConstructorAnyoneCouldCallPositionally() {
        for (Class<?> part : List.of(QueueConfig.class, MessageConfig.class, ClientConfig.class, AuthClientConfig.class,
                StatsdConfig.class, LookupdClientConfig.class, LoggingConfig.class, ListenerConfig.class,
                ClusterConfig.class, HttpClientConfig.class, AuthConfig.class, TlsConfig.class)) {
            assertTrue(Modifier.isAbstract(part.getModifiers()), part.getName());
            for (Constructor<?> constructor : part.getDeclaredConstructors()) {
                assertEquals(0, constructor.getParameterCount(), part.getName());
                assertFalse(Modifier.isPublic(constructor.getModifiers()) || Modifier.isProtected(constructor.getModifiers()),
                        part.getName());
            }
        }
    }

    /**
     * {@code --msg-timeout} and {@code --max-msg-timeout} are neighbouring durations: the old options record
     * took them by position, so passing them the wrong way round compiled. Now each is named, and the
     * attempts to place them, in a part or among the aggregate's parts, do not compile.
     */
    @Test
    void aSwappedPairOfSameTypedSettingsDoesNotCompile() {
        assertEquals("", compile("Named", """
                MessageConfig messages = MessageConfig.builder()
                        .msgTimeout(Duration.ofSeconds(60)).maxMsgTimeout(Duration.ofMinutes(15)).build();
                BrokerConfig broker = new BrokerConfig(QueueConfig.defaults(), messages, ClientConfig.defaults());
                """), "the named form compiles");

        String positional = compile("Positional", """
                MessageConfig messages = new MessageConfig(1, Duration.ofMinutes(15), Duration.ofSeconds(60));
                """);
        assertTrue(positional.contains("abstract; cannot be instantiated"), positional);

        String swappedParts = compile("SwappedParts", """
                BrokerConfig broker = new BrokerConfig(QueueConfig.defaults(), ClientConfig.defaults(), MessageConfig.defaults());
                """);
        assertTrue(swappedParts.contains("incompatible types"), swappedParts);
    }

    @Test
    void eachPartChecksItsOwnSettingsNamingTheFlag() {
        assertEquals("--max-deflate-level must be [1,9]",
                assertThrows(IllegalArgumentException.class, () -> ClientConfig.builder().maxDeflateLevel(0).build()).getMessage());
        assertEquals("--node-id must be [0,1024)",
                assertThrows(IllegalArgumentException.class, () -> MessageConfig.builder().nodeId(1024).build()).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> QueueConfig.builder().syncTimeout(Duration.ZERO).build()).getMessage().startsWith("--sync-timeout must be positive"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> StatsdConfig.builder().address("127.0.0.1:8125").udpPacketSize(0).build()).getMessage()
                .startsWith("--statsd-udp-packet-size must be positive"));
        assertEquals("--dead-letter-max-attempts 3 --dead-letter-topic \"\": max attempts 3 needs a dead-letter topic",
                assertThrows(IllegalArgumentException.class, () -> MessageConfig.builder().deadLetterMaxAttempts(3).build()).getMessage());
        assertEquals("--durable-deferral needs a data path: memory-only mode writes nothing to disk",
                assertThrows(IllegalArgumentException.class,
                        () -> QueueConfig.builder().memoryOnly().durableDeferral(true).build()).getMessage());
        NsqdConfig.Builder requiringTls = NsqdConfig.builder();
        requiringTls.clients().tlsRequired(io.jnsq.broker.config.TlsRequired.REQUIRED);
        assertEquals("cannot require TLS client connections without TLS key and cert",
                assertThrows(IllegalArgumentException.class, requiringTls::build).getMessage());
    }

    @Test
    void everyConfigKeyIsOneOptionAndReadableFromTheDefaults() {
        NsqdConfig defaults = NsqdConfig.defaults();
        List<String> keys = NsqdFlags.ALL.stream().filter(Flag::isOption).map(Flag::configKey).toList();
        assertEquals(keys.size(), keys.stream().distinct().count(), "no config key twice");
        for (String key : keys) {
            assertNotNull(NsqdFlags.configValue(defaults, key).orElse(null), key);
        }
    }

    /** Compiles {@code statements} against the test class path; returns the errors, empty when it compiles. */
    private String compile(String name, String statements) {
        String source = """
                import io.jnsq.broker.config.*;
                import java.time.Duration;
                class %s {
                    void wire() {
                        %s
                    }
                }
                """.formatted(name, statements);
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///" + name + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        javac.getTask(null, null, diagnostics, List.of("-proc:none", "-d", output.toString(), "-classpath",
                System.getProperty("java.class.path")), null, List.of(file)).call();
        return diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .map(d -> d.getMessage(null)).collect(Collectors.joining("\n"));
    }
}
