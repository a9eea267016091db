package io.jnsq.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Compares a JSON answer with a capture of the real nsqd by shape: the same field names in the same
 * order, the same kinds of value (integer, float, string, boolean, null, object, array), recursively;
 * array elements are compared with the capture's first element.
 */
final class JsonShape {

    static final ObjectMapper MAPPER = new ObjectMapper();

    // Go omitempty counters of nsq master's topology experiment: present only when non-zero
    private static final Set<String> OMITTED_WHEN_ZERO = Set.of("zone_local_msg_count", "region_local_msg_count", "global_msg_count");

    private JsonShape() {
    }

    static JsonNode sample(String name) {
        try (InputStream in = JsonShape.class.getResourceAsStream("/samples/" + name)) {
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void assertSameShape(JsonNode expected, JsonNode actual) {
        compare("$", expected, actual);
    }

    private static void compare(String path, JsonNode expected, JsonNode actual) {
        assertEquals(kind(expected), kind(actual), path);
        if (expected.isObject()) {
            assertEquals(fields(expected), fields(actual), path + " fields");
            for (String field : fields(expected)) {
                compare(path + "." + field, expected.get(field), actual.get(field));
            }
        } else if (expected.isArray() && expected.size() > 0) {
            for (int i = 0; i < actual.size(); i++) {
                compare(path + "[" + i + "]", expected.get(0), actual.get(i));
            }
        }
    }

    private static List<String> fields(JsonNode object) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!OMITTED_WHEN_ZERO.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    private static String kind(JsonNode node) {
        if (node.isIntegralNumber()) {
            return "integer";
        }
        if (node.isFloatingPointNumber()) {
            return "float";
        }
        return node.getNodeType().name().toLowerCase();
    }
}
