package io.jnsq.metrics;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DatagramPackerTest {

    private static List<byte[]> lines(String... lines) {
        return java.util.Arrays.stream(lines).map(line -> line.getBytes(StandardCharsets.UTF_8)).toList();
    }

    private static List<String> texts(List<byte[]> datagrams) {
        return datagrams.stream().map(datagram -> new String(datagram, StandardCharsets.UTF_8)).toList();
    }

    @Test
    void linesFillADatagramUpToTheSizeExactlyAndNeverStraddle() {
        List<byte[]> datagrams = DatagramPacker.pack(lines("aaaa\n", "bbbb\n", "cccc\n"), 10);
        assertEquals(List.of("aaaa\nbbbb\n", "cccc\n"), texts(datagrams));
    }

    @Test
    void aLineThatDoesNotFitStartsTheNextDatagram() {
        assertEquals(List.of("aaaa\n", "bbbbbb\n"), texts(DatagramPacker.pack(lines("aaaa\n", "bbbbbb\n"), 10)));
    }

    @Test
    void aLineLongerThanTheSizeTravelsAlone() {
        assertEquals(List.of("a\n", "bbbbbbbbbbbb\n", "c\n"),
                texts(DatagramPacker.pack(lines("a\n", "bbbbbbbbbbbb\n", "c\n"), 10)));
    }

    @Test
    void nothingToSendIsNoDatagram() {
        assertEquals(List.of(), DatagramPacker.pack(List.of(), 508));
    }
}
