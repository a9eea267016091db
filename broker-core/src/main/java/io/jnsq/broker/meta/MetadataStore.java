package io.jnsq.broker.meta;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reads and writes {@code <data-path>/nsqd.dat}. A write goes to {@code nsqd.dat.<random>.tmp}, is
 * fsynced and renamed over the file, so a crash leaves the old or the new topology, never half of one.
 */
public final class MetadataStore {

    static final String FILE_NAME = "nsqd.dat";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final Path file;

    public MetadataStore(Path dataPath) {
        this.file = dataPath.resolve(FILE_NAME);
    }

    public Path file() {
        return file;
    }

    /**
     * The stored topology, or empty on a first start.
     *
     * @throws IOException {@code failed to parse metadata in <file> - <reason>} for a file that is not
     *                     nsqd's JSON (nsqd refuses to start on it rather than lose the topology)
     */
    public Optional<TopologyMetadata> load() throws IOException {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException firstStart) {
            return Optional.empty();
        }
        try {
            TopologyMetadata metadata = JSON.readValue(content, TopologyMetadata.class);
            if (metadata == null) {
                throw new IOException("empty document");
            }
            return Optional.of(metadata);
        } catch (IOException e) {
            throw new IOException("failed to parse metadata in " + file + " - " + e.getMessage(), e);
        }
    }

    public void save(TopologyMetadata metadata) throws IOException {
        Path temp = file.resolveSibling(FILE_NAME + "." + Math.abs(ThreadLocalRandom.current().nextInt()) + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    ownerOnly())) {
                ByteBuffer content = ByteBuffer.wrap(JSON.writeValueAsBytes(metadata));
                while (content.hasRemaining()) {
                    channel.write(content);
                }
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    private static FileAttribute<?>[] ownerOnly() {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
    }
}
