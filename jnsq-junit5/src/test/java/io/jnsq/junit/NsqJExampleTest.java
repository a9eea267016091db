package io.jnsq.junit;

import com.sproutsocial.nsq.DirectSubscriber;
import com.sproutsocial.nsq.Message;
import com.sproutsocial.nsq.Publisher;
import io.jnsq.nsqd.LocalClient;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The README's example: services that use a real NSQ client (sproutsocial nsq-j), tested against a jnsq
 * broker the extension starts for the class.
 */
@NsqdTest
class NsqJExampleTest {

    /** A service under test: announces each order it takes on the {@code orders} topic. */
    static final class OrderService implements AutoCloseable {
        private final Publisher publisher;

        OrderService(String nsqdAddress) {
            publisher = new Publisher(nsqdAddress);
        }

        void place(String order) {
            publisher.publish("orders", order.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void close() {
            publisher.stop();
        }
    }

    @Test
    void placedOrdersArePublished(@TcpAddress String nsqd, NsqdAwait awaiting) {
        try (OrderService service = new OrderService(nsqd)) {
            service.place("{\"id\":1}");
            service.place("{\"id\":2}");
            assertEquals("{\"id\":1}", awaiting.message("orders", "audit"));
            assertEquals("{\"id\":2}", awaiting.message("orders", "audit"));
        }
    }

    @Test
    void aSubscribingServiceGetsWhatTheTestPublishes(@TcpAddress String nsqd, LocalClient local) {
        List<String> shipped = new CopyOnWriteArrayList<>();
        DirectSubscriber subscriber = new DirectSubscriber(60, nsqd);
        subscriber.subscribe("shipments", "mailer", (Message message) -> {
            shipped.add(new String(message.getData(), StandardCharsets.UTF_8));
            message.finish();
        });
        try {
            local.publish("shipments", "parcel-7");
            await().until(() -> shipped.equals(List.of("parcel-7")));
            await().until(() -> local.depth("shipments", "mailer") == 0);
        } finally {
            subscriber.stop();
        }
    }
}
