package io.jnsq.nsqd;

import io.jnsq.broker.config.TlsRequired;
import io.jnsq.nsqd.logging.LogLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptionsResolverTest {

    @TempDir
    Path directory;

    private String config(String toml) throws IOException {
        Path file = directory.resolve("nsqd.toml");
        Files.writeString(file, toml);
        return "--config=" + file;
    }

    private static String startupError(String... args) {
        return assertThrows(StartupException.class, () -> OptionsResolver.resolve(args)).getMessage();
    }

    @Test
    void withNothingGivenTheOptionsAreNsqdsDefaults() throws Exception {
        assertEquals(NsqdConfig.defaults(), OptionsResolver.resolve());
    }

    @Test
    void theFileOverridesDefaultsAndFlagsOverrideTheFile() throws Exception {
        String config = config("""
                tcp_address = "127.0.0.1:5150"
                http_address = "127.0.0.1:5151"
                mem_queue_size = 5
                snappy = false
                """);
        NsqdConfig options = OptionsResolver.resolve(config, "--tcp-address=127.0.0.1:6150", "--snappy=true");
        assertEquals("127.0.0.1:6150", options.listeners().tcpAddress(), "flag beats file");
        assertTrue(options.clients().snappy(), "flag beats file, even when it sets the default");
        assertEquals("127.0.0.1:5151", options.listeners().httpAddress(), "file beats default");
        assertEquals(5, options.queues().memQueueSize(), "file beats default");
        assertEquals("0.0.0.0:4152", options.listeners().httpsAddress(), "default when neither says");
    }

    @Test
    void fileDurationsAreGoStringsOrIntegerMilliseconds() throws Exception {
        NsqdConfig options = OptionsResolver.resolve(config("""
                msg_timeout = "1m30s"
                sync_timeout = 1500
                max_req_timeout = "2h"
                """));
        assertEquals(Duration.ofSeconds(90), options.messages().msgTimeout());
        assertEquals(Duration.ofMillis(1500), options.queues().syncTimeout());
        assertEquals(Duration.ofHours(2), options.messages().maxReqTimeout());
    }

    @Test
    void nsqdsExplicitKeysAreHonoured() throws Exception {
        NsqdConfig options = OptionsResolver.resolve(config("""
                id = 42
                auth_http_addresses = ["auth:4181"]
                e2e_processing_latency_percentiles = [0.5, 1.0, 0.99]
                nsqlookupd_tcp_addresses = ["lookupd-1:5160", "lookupd-2:5160"]
                broadcast_tcp_port = 4000
                broadcast_http_port = 4001
                """));
        // enable_experiment is read too, and refused by name (FlagRefusalTest)
        assertEquals(List.of("lookupd-1:5160", "lookupd-2:5160"), options.cluster().lookupdTcpAddresses());
        assertEquals(4000, options.cluster().broadcastTcpPort());
        assertEquals(4001, options.cluster().broadcastHttpPort());
        assertEquals(42, options.messages().nodeId());
        assertEquals(List.of("auth:4181"), options.auth().httpAddresses());
        assertEquals(List.of(1.0, 0.99, 0.5), options.messages().e2eProcessingLatencyPercentiles());
    }

    @Test
    void theFlagNameIsNotAKeyWhereNsqdSpellsTheKeyDifferently() throws Exception {
        NsqdConfig options = OptionsResolver.resolve(config("""
                node_id = 42
                lookupd_tcp_address = ["a:5160"]
                """));
        assertEquals(NsqdConfig.defaults().messages().nodeId(), options.messages().nodeId());
        assertEquals(List.of(), options.cluster().lookupdTcpAddresses());
    }

    @Test
    void repeatableFlagsReplaceTheFilesList() throws Exception {
        NsqdConfig options = OptionsResolver.resolve(config("auth_http_addresses = [\"file:4181\", \"other:4181\"]"),
                "--auth-http-address=flag:4181");
        assertEquals(List.of("flag:4181"), options.auth().httpAddresses());
    }

    @Test
    void unknownKeysAreIgnored() throws Exception {
        NsqdConfig options = OptionsResolver.resolve(config("""
                no_such_option = "x"
                verbose = true
                [some_table]
                key = 1
                """));
        assertEquals(NsqdConfig.defaults(), options);
    }

    @Test
    void theFileCarriesEveryKindOfValue() throws Exception {
        NsqdConfig options = OptionsResolver.resolve(config("""
                log_level = "debug"
                log_prefix = "[q] "
                data_path = "/var/lib/nsq"
                max_bytes_per_file = 1024
                statsd_mem_stats = false
                tls_cert = "c.pem"
                tls_key = "k.pem"
                tls_required = "tcp-https"
                tls_min_version = "tls1.2"
                max_deflate_level = 9
                force_nio = true
                log_format = "json"
                """));
        assertEquals(LogLevel.DEBUG, options.logging().level());
        assertEquals("[q] ", options.logging().prefix());
        assertEquals("/var/lib/nsq", options.queues().dataPath().orElseThrow().toString());
        assertEquals(1024, options.queues().maxBytesPerFile());
        assertEquals(false, options.statsd().memStats());
        assertEquals(TlsRequired.REQUIRED_EXCEPT_HTTP, options.clients().tlsRequired());
        assertEquals("tls1.2", options.tls().minVersion());
        assertEquals(9, options.clients().maxDeflateLevel());
        assertEquals(true, options.listeners().forceNio());
        assertEquals("json", options.logging().format().flagValue());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"true|REQUIRED", "false|NOT_REQUIRED", "\"true\"|REQUIRED", "\"tcp-https\"|REQUIRED_EXCEPT_HTTP"})
    void fileTlsRequiredIsABoolOrTcpHttps(String toml, TlsRequired expected) throws Exception {
        NsqdConfig options = OptionsResolver.resolve(config("tls_cert = \"c\"\ntls_key = \"k\"\ntls_required = " + toml));
        assertEquals(expected, options.clients().tlsRequired());
    }

    @Test
    void aBadFileValueNamesTheKey() throws Exception {
        String message = startupError(config("msg_timeout = \"soon\""));
        assertEquals("failed parsing msg_timeout \"soon\" - time: invalid duration \"soon\"", message);
        assertTrue(startupError(config("mem_queue_size = \"many\"")).startsWith("failed parsing mem_queue_size"));
        assertTrue(startupError(config("log_level = \"loud\"")).startsWith("failed parsing log_level"));
        assertEquals("failed parsing log_format \"xml\" - invalid log format 'xml' (text, json)", startupError(config("log_format = \"xml\"")));
    }

    @Test
    void anUnreadableFileIsFatal() throws Exception {
        Path missing = directory.resolve("missing.toml");
        assertTrue(startupError("--config=" + missing).startsWith("failed to load config file " + missing + " - "));
        assertTrue(startupError(config("this is = not toml =")).startsWith("failed to load config file "));
    }

    @Test
    void nodeIdMustBeBelow1024() {
        assertEquals("--node-id must be [0,1024)", startupError("--node-id=1024"));
        assertEquals("--node-id must be [0,1024)", startupError("--node-id=-1"));
    }

    @Test
    void deflateLevelMustBeOneToNine() {
        assertEquals("--max-deflate-level must be [1,9]", startupError("--max-deflate-level=0"));
        assertEquals("--max-deflate-level must be [1,9]", startupError("--max-deflate-level=10"));
    }

    @Test
    void percentilesMustBeAboveZeroAndAtMostOne() throws Exception {
        assertEquals("invalid E2E processing latency percentile: 1.5", startupError("--e2e-processing-latency-percentile=1.5"));
        assertEquals("invalid E2E processing latency percentile: 0", startupError("--e2e-processing-latency-percentile=0"));
        assertEquals("invalid E2E processing latency percentile: 2",
                startupError(config("e2e_processing_latency_percentiles = [2.0]")));
        assertEquals(List.of(1.0), OptionsResolver.resolve("--e2e-processing-latency-percentile=1").messages().e2eProcessingLatencyPercentiles());
    }

    @Test
    void requiringTlsNeedsACertAndKey() {
        assertEquals("cannot require TLS client connections without TLS key and cert", startupError("--tls-required"));
        assertEquals("cannot require TLS client connections without TLS key and cert", startupError("--tls-required=tcp-https"));
    }

    @Test
    void aCertWithoutAKeyCannotMakeATlsConfig() {
        assertEquals("failed to build TLS config - --tls-cert and --tls-key must be given together", startupError("--tls-cert=c.pem"));
    }

    @Test
    void aClientAuthPolicyForcesTlsUnlessAlreadyRequired() throws Exception {
        assertEquals("cannot require TLS client connections without TLS key and cert", startupError("--tls-client-auth-policy=require"));
        NsqdConfig forced = OptionsResolver.resolve("--tls-client-auth-policy=require-verify", "--tls-cert=c", "--tls-key=k");
        assertEquals(TlsRequired.REQUIRED, forced.clients().tlsRequired());
        NsqdConfig kept = OptionsResolver.resolve("--tls-client-auth-policy=require", "--tls-required=tcp-https", "--tls-cert=c", "--tls-key=k");
        assertEquals(TlsRequired.REQUIRED_EXCEPT_HTTP, kept.clients().tlsRequired());
    }

    @Test
    void authRequestMethodIsGetOrPost() throws Exception {
        assertEquals("--auth-http-request-method must be post or get", startupError("--auth-http-request-method=put"));
        assertEquals("post", OptionsResolver.resolve("--auth-http-request-method=post").auth().requestMethod());
    }

    @Test
    void durableDeferralAndDeadLettersAreJnsqsOwnOptionsFromFlagsOrTheFile() throws Exception {
        NsqdConfig options = OptionsResolver.resolve(config("""
                durable_deferral = true
                dead_letter_max_attempts = 5
                dead_letter_topic = "dlq"
                """));
        assertTrue(options.queues().durableDeferral());
        assertEquals(5, options.messages().deadLetterMaxAttempts());
        assertEquals("dlq", options.messages().deadLetterTopic());
        NsqdConfig topicOnly = OptionsResolver.resolve("--dead-letter-topic=dlq");
        assertEquals(0, topicOnly.messages().deadLetterMaxAttempts(), "the topic alone serves channels given only max attempts");
    }

    @Test
    void aDeadLetterDefaultIsCheckedAtStartup() {
        assertEquals("--dead-letter-max-attempts 3 --dead-letter-topic \"\": max attempts 3 needs a dead-letter topic",
                startupError("--dead-letter-max-attempts=3"));
        assertTrue(startupError("--dead-letter-max-attempts=3", "--dead-letter-topic=dlq#ephemeral").endsWith(
                "dead-letter topic \"dlq#ephemeral\" is ephemeral: it would drop what it holds while no channel reads it, and everything at a restart"));
        assertTrue(startupError("--dead-letter-topic=" + "d".repeat(65)).contains("is not a valid topic name"));
        assertTrue(startupError("--dead-letter-max-attempts=70000", "--dead-letter-topic=dlq").contains("max attempts must be in [0,65535]"));
    }
}
