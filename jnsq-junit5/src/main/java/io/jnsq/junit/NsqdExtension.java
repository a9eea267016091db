package io.jnsq.junit;

import io.jnsq.junit.NsqdTest.Lifecycle;
import io.jnsq.nsqd.LocalClient;
import io.jnsq.nsqd.Nsqd;
import io.jnsq.nsqd.StartupException;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Starts a jnsq nsqd inside the test JVM and stops it gracefully when its scope ends, passed or failed:
 * once for a test class, or once for every test. Each broker is in memory only and listens on loopback
 * ports the system picks, so test classes run in parallel each get their own.
 *
 * <p>Declaratively, with {@link NsqdTest @NsqdTest}; or registered, to configure it:
 * <pre>{@code
 * @RegisterExtension
 * static final NsqdExtension NSQD = NsqdExtension.perClass()
 *         .configure(nsqd -> nsqd.configure(c -> c.messages().msgTimeout(Duration.ofSeconds(5))));
 *
 * @Test
 * void ordersArePublished() {
 *     Publisher publisher = new Publisher(NSQD.tcpAddress());
 *     …
 *     assertEquals("{\"id\":1}", NSQD.await().message("orders", "audit"));
 * }
 * }</pre>
 * A per-class extension is registered on a {@code static} field, a per-test one on an instance field.
 * Parameters of the types {@link Nsqd}, {@link LocalClient}, {@link NsqdAwait}, and addresses annotated
 * {@link TcpAddress} or {@link HttpAddress}, are resolved in either case.
 */
public final class NsqdExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    private static final Logger LOG = LoggerFactory.getLogger(NsqdExtension.class);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(NsqdExtension.class);
    private static final String KEY = "nsqd";

    private Lifecycle lifecycle;
    private Consumer<Nsqd.Builder> settings = builder -> {
    };
    private volatile Nsqd current;

    /** What {@link NsqdTest @NsqdTest} instantiates: its attributes decide. */
    public NsqdExtension() {
    }

    private NsqdExtension(Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    /** One broker for the test class; register it on a {@code static} field. */
    public static NsqdExtension perClass() {
        return new NsqdExtension(Lifecycle.PER_CLASS);
    }

    /** A fresh broker for every test; register it on an instance field. */
    public static NsqdExtension perTest() {
        return new NsqdExtension(Lifecycle.PER_TEST);
    }

    /** Settings applied to each broker's builder before it starts. */
    public NsqdExtension configure(Consumer<Nsqd.Builder> change) {
        Consumer<Nsqd.Builder> before = settings;
        Consumer<Nsqd.Builder> added = Objects.requireNonNull(change, "change");
        settings = builder -> {
            before.accept(builder);
            added.accept(builder);
        };
        return this;
    }

    /** The broker of the running test. */
    public Nsqd nsqd() {
        Nsqd nsqd = current;
        if (nsqd == null) {
            throw new IllegalStateException("no broker is running: the extension starts one before all or each test");
        }
        return nsqd;
    }

    /** The TCP (V2) address, {@code "127.0.0.1:port"}, as NSQ clients take it. */
    public String tcpAddress() {
        return hostPort(nsqd().tcpAddress());
    }

    /** The HTTP API's address, {@code "127.0.0.1:port"}. */
    public String httpAddress() {
        return hostPort(nsqd().httpAddress());
    }

    /** The broker reached in-process: publish, depths, drain. */
    public LocalClient local() {
        return nsqd().local();
    }

    /** Waits on the broker's topics and channels. */
    public NsqdAwait await() {
        return new NsqdAwait(nsqd().local());
    }

    @Override
    public void beforeAll(ExtensionContext context) throws StartupException {
        declared(context);
        if (lifecycle == Lifecycle.PER_CLASS) {
            start(context);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws StartupException {
        declared(context);
        if (lifecycle == Lifecycle.PER_TEST) {
            start(context);
        } else if (current == null) {
            throw new ExtensionConfigurationException("a per-class NsqdExtension must be registered on a static field");
        }
    }

    /** With {@link NsqdTest @NsqdTest}, the annotation's attributes are the settings. */
    private void declared(ExtensionContext context) {
        if (lifecycle != null) {
            return;
        }
        NsqdTest annotation = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), NsqdTest.class)
                .orElseThrow(() -> new ExtensionConfigurationException("NsqdExtension needs @NsqdTest or NsqdExtension.perClass()/perTest()"));
        lifecycle = annotation.lifecycle();
        if (!annotation.http()) {
            settings = Nsqd.Builder::noHttp;
        }
    }

    private void start(ExtensionContext context) throws StartupException {
        long started = System.nanoTime();
        Nsqd.Builder builder = Nsqd.builder();
        settings.accept(builder);
        Nsqd nsqd = builder.start();
        current = nsqd;
        // closed when the scope ends, whatever its outcome: no thread or port outlives it
        context.getStore(NAMESPACE).put(KEY, new Running(nsqd, this));
        LOG.debug("nsqd for {} started in {} µs on {}", context.getDisplayName(),
                (System.nanoTime() - started) / 1000, nsqd.tcpAddress());
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (parameter.isAnnotated(TcpAddress.class) || parameter.isAnnotated(HttpAddress.class)) {
            return type == String.class || type == InetSocketAddress.class;
        }
        return type == Nsqd.class || type == LocalClient.class || type == NsqdAwait.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Running running = context.getStore(NAMESPACE).get(KEY, Running.class);
        if (running == null) {
            throw new ParameterResolutionException("no broker is running for " + context.getDisplayName()
                    + " (a per-test broker starts after the test instance is made: ask for it in the test method)");
        }
        Nsqd nsqd = running.nsqd;
        Class<?> type = parameter.getParameter().getType();
        if (parameter.isAnnotated(TcpAddress.class) || parameter.isAnnotated(HttpAddress.class)) {
            InetSocketAddress address = parameter.isAnnotated(TcpAddress.class) ? nsqd.tcpAddress() : nsqd.httpAddress();
            return type == String.class ? hostPort(address) : address;
        }
        if (type == Nsqd.class) {
            return nsqd;
        }
        if (type == LocalClient.class) {
            return nsqd.local();
        }
        return new NsqdAwait(nsqd.local());
    }

    private static String hostPort(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    /** A started broker in an extension store: JUnit (5.13 and later) closes it with the store's scope. */
    private static final class Running implements AutoCloseable {
        private final Nsqd nsqd;
        private final NsqdExtension owner;

        Running(Nsqd nsqd, NsqdExtension owner) {
            this.nsqd = nsqd;
            this.owner = owner;
        }

        @Override
        public void close() {
            long stopping = System.nanoTime();
            nsqd.close();
            if (owner.current == nsqd) {
                owner.current = null;
            }
            LOG.debug("nsqd on {} stopped in {} µs", nsqd.config().listeners().tcpAddress(), (System.nanoTime() - stopping) / 1000);
        }
    }
}
