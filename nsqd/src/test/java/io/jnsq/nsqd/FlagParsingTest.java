package io.jnsq.nsqd;

import io.jnsq.broker.config.TlsRequired;
import io.jnsq.nsqd.logging.LogLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line as Go's flag package reads it, checked through the options it produces. */
class FlagParsingTest {

    private static NsqdConfig resolve(String... args) throws Exception {
        return OptionsResolver.resolve(args);
    }

    private static String rejection(String... args) {
        return assertThrows(FlagException.class, () -> NsqdFlags.parse(args)).getMessage();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-tcp-address=1.2.3.4:5", "--tcp-address=1.2.3.4:5", "-tcp-address 1.2.3.4:5", "--tcp-address 1.2.3.4:5"})
    void everyFlagFormSetsTheValue(String commandLine) throws Exception {
        assertEquals("1.2.3.4:5", resolve(commandLine.split(" ")).listeners().tcpAddress());
    }

    @Test
    void valuesMayContainEqualsSignsAndStartWithADash() throws Exception {
        assertEquals("a=b", resolve("--log-prefix=a=b").logging().prefix());
        assertEquals("-x", resolve("--log-prefix", "-x").logging().prefix());
    }

    @Test
    void anEmptyValueClearsAString() throws Exception {
        assertEquals("", resolve("--http-address=").listeners().httpAddress());
        assertEquals("", resolve("--http-address", "").listeners().httpAddress());
    }

    @Test
    void aBareBoolMeansTrueAndNeverTakesTheNextArgument() throws Exception {
        NsqdConfig options = resolve("--snappy=false", "--statsd-exclude-ephemeral", "--deflate", "false");
        assertFalse(options.clients().snappy());
        assertTrue(options.statsd().excludeEphemeral());
        // "false" is not --deflate's value: it ends flag parsing, as in Go
        assertTrue(options.clients().deflate());
    }

    @ParameterizedTest
    @CsvSource({"1, true", "t, true", "T, true", "TRUE, true", "True, true", "0, false", "f, false", "FALSE, false", "False, false"})
    void boolsTakeGoSpellings(String text, boolean expected) throws Exception {
        assertEquals(expected, resolve("--force-nio=" + text).listeners().forceNio());
    }

    @Test
    void aBoolRejectsOtherWords() {
        assertEquals("invalid boolean value \"yes\" for -snappy: parse error", rejection("--snappy=yes"));
    }

    @Test
    void theLastOfARepeatedScalarWins() throws Exception {
        assertEquals(7, resolve("--node-id=3", "-node-id", "7").messages().nodeId());
    }

    @Test
    void repeatableFlagsCollectEveryValueInOrder() throws Exception {
        // --enable-experiment is repeatable too, but refused (FlagRefusalTest)
        NsqdConfig options = resolve("--auth-http-address=http://auth/1", "--auth-http-address", "auth:2",
                "--auth-http-address=auth:3", "--lookupd-tcp-address=127.0.0.1:5160", "--lookupd-tcp-address", "lookupd:5160");
        assertEquals(List.of("http://auth/1", "auth:2", "auth:3"), options.auth().httpAddresses());
        assertEquals(List.of("127.0.0.1:5160", "lookupd:5160"), options.cluster().lookupdTcpAddresses());
    }

    @Test
    void percentilesTakeCommaListsAndRepeatsSortedHighestFirst() throws Exception {
        NsqdConfig options = resolve("--e2e-processing-latency-percentile=0.5,1.0",
                "--e2e-processing-latency-percentile", "0.99");
        assertEquals(List.of(1.0, 0.99, 0.5), options.messages().e2eProcessingLatencyPercentiles());
    }

    @Test
    void aPercentileMustBeANumber() {
        assertEquals("invalid value \"0.9,x\" for flag -e2e-processing-latency-percentile: could not parse: x",
                rejection("--e2e-processing-latency-percentile=0.9,x"));
    }

    @ParameterizedTest
    @CsvSource({
            "--tls-required, REQUIRED",
            "--tls-required=true, REQUIRED",
            "--tls-required=TRUE, REQUIRED",
            "--tls-required=tcp-https, REQUIRED_EXCEPT_HTTP",
            "--tls-required=TCP-HTTPS, REQUIRED_EXCEPT_HTTP",
            "--tls-required=false, NOT_REQUIRED",
    })
    void tlsRequiredIsABoolThatAlsoTakesTcpHttps(String flag, TlsRequired expected) throws Exception {
        NsqdConfig options = resolve(flag, "--tls-cert=cert.pem", "--tls-key=key.pem");
        assertEquals(expected, options.clients().tlsRequired());
    }

    @Test
    void bareTlsRequiredDoesNotTakeTheNextArgument() throws Exception {
        CommandLine commandLine = NsqdFlags.parse("--tls-required", "--tls-cert=c", "--tls-key=k");
        NsqdConfig options = OptionsResolver.resolve(commandLine);
        assertEquals(TlsRequired.REQUIRED, options.clients().tlsRequired());
        assertEquals("c", options.tls().cert());
    }

    @Test
    void durationsUseGoSyntax() throws Exception {
        NsqdConfig options = resolve("--msg-timeout=1m30s", "--output-buffer-timeout", "100ms", "--max-req-timeout=1.5h");
        assertEquals(Duration.ofSeconds(90), options.messages().msgTimeout());
        assertEquals(Duration.ofMillis(100), options.clients().outputBufferTimeout());
        assertEquals(Duration.ofMinutes(90), options.messages().maxReqTimeout());
        assertEquals("invalid value \"60\" for flag -msg-timeout: time: missing unit in duration \"60\"",
                rejection("--msg-timeout=60"));
    }

    @ParameterizedTest
    @CsvSource({"0x10, 16", "010, 8", "0o10, 8", "0b11, 3", "1_000, 1000", "-5, -5", "+5, 5"})
    void integersTakeGoLiterals(String text, long expected) throws Exception {
        assertEquals(expected, resolve("--mem-queue-size=" + text).queues().memQueueSize());
    }

    @Test
    void integersRejectGarbageAndOverflow() {
        assertEquals("invalid value \"ten\" for flag -node-id: parse error", rejection("--node-id=ten"));
        assertEquals("invalid value \"_1\" for flag -node-id: parse error", rejection("--node-id=_1"));
        assertEquals("invalid value \"4294967296\" for flag -node-id: value out of range", rejection("--node-id=4294967296"));
    }

    @Test
    void logLevelsAreNames() throws Exception {
        assertEquals(LogLevel.DEBUG, resolve("--log-level=debug").logging().level());
        assertEquals(LogLevel.WARN, resolve("--log-level=WARN").logging().level());
        assertEquals("invalid value \"loud\" for flag -log-level: invalid log level 'loud' (debug, info, warn, error, fatal)",
                rejection("--log-level=loud"));
    }

    @Test
    void logFormatIsTextOrJsonInAnyCase() throws Exception {
        assertEquals("text", resolve().logging().format().flagValue());
        assertEquals("json", resolve("--log-format=JSON").logging().format().flagValue());
        assertEquals("text", resolve("--log-format", "text").logging().format().flagValue());
        assertEquals("invalid value \"\" for flag -log-format: invalid log format '' (text, json)", rejection("--log-format="));
    }

    @Test
    void tlsMinVersionTakesTls10To13AndRejectsSsl3() throws Exception {
        assertEquals("tls1.3", resolve("--tls-min-version=TLS1.3").tls().minVersion());
        assertEquals("invalid value \"ssl3.0\" for flag -tls-min-version: unknown tlsVersionOption \"ssl3.0\"",
                rejection("--tls-min-version=ssl3.0"));
    }

    @Test
    void anUnknownFlagIsNamed() {
        assertEquals("flag provided but not defined: -no-such-flag", rejection("--no-such-flag=1"));
        assertEquals("flag provided but not defined: -x", rejection("-x"));
    }

    @Test
    void aMissingValueOrBadSyntaxIsRejected() {
        assertEquals("flag needs an argument: -tcp-address", rejection("--tcp-address"));
        assertEquals("bad flag syntax: ---tcp-address", rejection("---tcp-address"));
        assertEquals("bad flag syntax: -=x", rejection("-=x"));
    }

    @Test
    void parsingStopsAtDoubleDashOrTheFirstNonFlag() throws Exception {
        assertEquals("0.0.0.0:4150", resolve("--", "--tcp-address=x:1").listeners().tcpAddress());
        assertEquals("0.0.0.0:4150", resolve("extra", "--tcp-address=x:1").listeners().tcpAddress());
    }

    @Test
    void deprecatedFlagsAreAcceptedAndIgnored() throws Exception {
        NsqdConfig.Builder expected = NsqdConfig.defaults().toBuilder();
        expected.messages().nodeId(5);
        assertEquals(expected.build(), resolve("--verbose", "--worker-id", "--node-id=5"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-h", "-help", "--help"})
    void helpIsRecognisedWithoutBeingAFlag(String arg) throws Exception {
        assertTrue(NsqdFlags.parse("--snappy", arg, "--no-such-flag").helpRequested());
    }

    @Test
    void versionAndConfigAreCommandLineOnly() throws Exception {
        CommandLine commandLine = NsqdFlags.parse("--version", "--config=/x.toml");
        assertTrue(commandLine.value(NsqdFlags.VERSION));
        assertEquals("/x.toml", commandLine.value(NsqdFlags.CONFIG));
        assertFalse(commandLine.helpRequested());
    }

    @Test
    void forceNioIsJnsqsOwnFlag() throws Exception {
        assertTrue(resolve("--force-nio").listeners().forceNio());
        assertFalse(resolve().listeners().forceNio());
    }
}
