package io.jnsq.broker.meta;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetadataStoreTest {

    @TempDir
    Path dataPath;

    @Test
    void writesNsqdsJsonWithNullForEmptyLists() throws Exception {
        MetadataStore store = new MetadataStore(dataPath);
        store.save(new TopologyMetadata(List.of(), "1.3.0"));
        assertEquals("{\"topics\":null,\"version\":\"1.3.0\"}", Files.readString(dataPath.resolve("nsqd.dat")));

        store.save(new TopologyMetadata(List.of(
                new TopologyMetadata.TopicEntry("t1", false, List.of(new TopologyMetadata.ChannelEntry("c1", true))),
                new TopologyMetadata.TopicEntry("t2", true, List.of())), "1.3.0"));
        assertEquals("{\"topics\":[{\"name\":\"t1\",\"paused\":false,\"channels\":[{\"name\":\"c1\",\"paused\":true}]},"
                + "{\"name\":\"t2\",\"paused\":true,\"channels\":null}],\"version\":\"1.3.0\"}",
                Files.readString(dataPath.resolve("nsqd.dat")));
        try (var files = Files.list(dataPath)) {
            assertEquals(List.of("nsqd.dat"), files.map(p -> p.getFileName().toString()).toList(), "no temp file left");
        }
    }

    @Test
    void readsWhatNsqdWrote() throws Exception {
        Files.writeString(dataPath.resolve("nsqd.dat"), "{\"topics\":[{\"name\":\"t1\",\"paused\":false,\"channels\":"
                + "[{\"name\":\"c1\",\"paused\":false}]},{\"name\":\"t2\",\"paused\":false,\"channels\":null}],\"version\":\"1.3.0\"}");
        TopologyMetadata metadata = new MetadataStore(dataPath).load().orElseThrow();
        assertEquals(2, metadata.topicList().size());
        assertEquals("c1", metadata.topicList().get(0).channelList().get(0).name());
        assertTrue(metadata.topicList().get(1).channelList().isEmpty());
    }

    @Test
    void missingFileIsAFirstStartAndGarbageIsAnError() throws Exception {
        MetadataStore store = new MetadataStore(dataPath);
        assertTrue(store.load().isEmpty());
        Files.writeString(dataPath.resolve("nsqd.dat"), "{not json");
        IOException error = assertThrows(IOException.class, store::load);
        assertTrue(error.getMessage().startsWith("failed to parse metadata in " + dataPath.resolve("nsqd.dat") + " - "),
                error.getMessage());
    }
}
