package io.jnsq.lookupd;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Keeps a node registered with every configured nsqlookupd: one {@link LookupdPeer} per address, each
 * reconnecting on its own. Safe to call from any thread; {@link #register} and {@link #unregister} only
 * queue work on the peers' event loop, so event loops of the caller never wait.
 *
 * <p>Its thread, {@code jnsq-lookupd-N}, and the one that resolves host names and runs the
 * {@code /channels} queries, {@code jnsq-lookupd-io}, start with the first address.
 */
public final class LookupdClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LookupdClient.class);

    private final LookupdClientConfig config;
    private final Supplier<List<Registration>> registrations;

    // written under this; peers and channelsQuery are read without the lock, by event loops among others
    private volatile List<LookupdPeer> peers = List.of();
    private volatile TopicChannelsQuery channelsQuery;
    private EventLoopGroup loops;
    private ThreadPoolExecutor io;
    private boolean closed;

    /**
     * @param registrations every topic (as {@link Registration#topic}) and channel the node has now; read
     *                      on the client's event loop after each IDENTIFY, so it must not block
     */
    public LookupdClient(LookupdClientConfig config, Supplier<List<Registration>> registrations) {
        this.config = Objects.requireNonNull(config, "config");
        this.registrations = Objects.requireNonNull(registrations, "registrations");
    }

    /**
     * Connects to the addresses not connected yet and closes the peers whose address is gone, as a
     * runtime change of {@code nsqlookupd_tcp_addresses} asks. Duplicates count once; an address that is
     * not {@code host:port} is logged and left out (nsqd accepts it, then fails every dial).
     */
    public synchronized void setAddresses(List<String> addresses) {
        if (closed) {
            return;
        }
        List<LookupdAddress> wanted = new ArrayList<>();
        for (String text : new LinkedHashSet<>(addresses)) {
            try {
                wanted.add(LookupdAddress.parse(text));
            } catch (IllegalArgumentException e) {
                log.error("LOOKUP({}): not added - {}", text, e.getMessage());
            }
        }
        List<LookupdPeer> kept = new ArrayList<>();
        for (LookupdPeer peer : peers) {
            if (wanted.stream().anyMatch(address -> address.text().equals(peer.address()))) {
                kept.add(peer);
            } else {
                log.info("LOOKUP({}): removing peer", peer.address());
                peer.close();
            }
        }
        for (LookupdAddress address : wanted) {
            if (kept.stream().noneMatch(peer -> peer.address().equals(address.text()))) {
                log.info("LOOKUP({}): adding peer", address);
                LookupdPeer peer = new LookupdPeer(address, config, loops().next(), io, registrations);
                kept.add(peer);
                peer.start();
            }
        }
        peers = List.copyOf(kept);
    }

    /** The addresses of the current peers, in the order they were added. */
    public List<String> addresses() {
        return peers.stream().map(LookupdPeer::address).toList();
    }

    /** What each connected-at-least-once lookupd said about itself, by address. */
    public List<LookupdInfo> lookupdInfos() {
        return peers.stream().map(LookupdPeer::info).filter(Objects::nonNull).toList();
    }

    public void register(String topic) {
        sendToAll(LookupdCommand.register(Registration.topic(topic)));
    }

    public void register(String topic, String channel) {
        sendToAll(LookupdCommand.register(Registration.channel(topic, channel)));
    }

    public void unregister(String topic) {
        sendToAll(LookupdCommand.unregister(Registration.topic(topic)));
    }

    public void unregister(String topic, String channel) {
        sendToAll(LookupdCommand.unregister(Registration.channel(topic, channel)));
    }

    private void sendToAll(LookupdCommand command) {
        for (LookupdPeer peer : peers) {
            peer.send(command);
        }
    }

    /**
     * The channels the cluster knows for a topic: the union of every lookupd's {@code /channels} answer,
     * without ephemeral ones. A lookupd that fails is logged and counts as none.
     *
     * @return complete at once (empty) when no lookupd has identified itself yet
     */
    public CompletableFuture<Set<String>> channelsOf(String topic) {
        List<LookupdPeer> current = peers;
        List<LookupdInfo> known = current.stream().map(LookupdPeer::info).filter(Objects::nonNull)
                .filter(info -> info.broadcastAddress() != null && !info.broadcastAddress().isEmpty()).toList();
        if (known.isEmpty()) {
            if (!current.isEmpty()) {
                log.error("no available nsqlookupd to query for channels to pre-create for topic {}", topic);
            }
            return CompletableFuture.completedFuture(Set.of());
        }
        return channelsQuery.channelsOf(topic, known);
    }

    private EventLoopGroup loops() {
        if (loops == null) {
            // one thread: a handful of connections, each exchanging a few bytes at a time
            loops = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("jnsq-lookupd", true), NioIoHandler.newFactory());
            io = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                    new DefaultThreadFactory("jnsq-lookupd-io", true));
            io.allowCoreThreadTimeOut(true);
            channelsQuery = new TopicChannelsQuery(config, io);
        }
        return loops;
    }

    /**
     * Closes every connection (lookupd then drops this node's registrations) and stops the threads,
     * waiting up to a second for the connections to close. Later calls do nothing.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (LookupdPeer peer : peers) {
            log.info("LOOKUP({}): removing peer", peer.address());
            closing.add(peer.close());
        }
        peers = List.of();
        if (loops != null) {
            // each peer closes its own connection first: a stopping loop would close them as if lost
            try {
                CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                log.warn("LOOKUP: connections still closing - {}", e.toString());
            }
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
            io.shutdownNow();
        }
        log.info("LOOKUP: closing");
    }
}
