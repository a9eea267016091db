package io.jnsq.broker.auth;

import io.jnsq.broker.Options;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthClientConfigTest {

    @Test
    void nsqdDefaults() {
        AuthClientConfig config = AuthClientConfig.from(Options.defaults());
        assertFalse(config.enabled());
        assertEquals(AuthClientConfig.RequestMethod.GET, config.requestMethod());
        assertEquals(Duration.ofSeconds(2), config.connectTimeout());
        assertEquals(Duration.ofSeconds(5), config.requestTimeout());
        assertNull(config.rootCaFile());
        assertEquals("tls1.0", config.tlsMinVersion());
        assertEquals(config, AuthClientConfig.defaults(List.of()));
    }

    @Test
    void fromOptions() {
        AuthClientConfig config = AuthClientConfig.from(Options.builder()
                .authHttpAddresses(List.of("127.0.0.1:4181", "https://auth.example/check"))
                .authHttpRequestMethod("post")
                .httpClientConnectTimeout(Duration.ofMillis(300))
                .httpClientRequestTimeout(Duration.ofSeconds(1))
                .tlsRootCaFile("/etc/ca.pem")
                .tlsMinVersion("tls1.2")
                .build());
        assertTrue(config.enabled());
        assertEquals(List.of("127.0.0.1:4181", "https://auth.example/check"), config.addresses());
        assertEquals(AuthClientConfig.RequestMethod.POST, config.requestMethod());
        assertEquals(Duration.ofMillis(300), config.connectTimeout());
        assertEquals(Duration.ofSeconds(1), config.requestTimeout());
        assertEquals(Path.of("/etc/ca.pem"), config.rootCaFile());
        assertEquals("tls1.2", config.tlsMinVersion());
    }

    @Test
    void requestMethodIsGetOrPostOnly() {
        for (String method : List.of("GET", "put", "")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> AuthClientConfig.from(Options.builder().authHttpRequestMethod(method).build()));
            assertEquals("--auth-http-request-method must be post or get", refused.getMessage());
        }
    }

    @Test
    void refusesAnUnknownTlsVersionAndNegativeTimeouts() {
        assertThrows(IllegalArgumentException.class, () -> new AuthClientConfig(List.of(),
                AuthClientConfig.RequestMethod.GET, Duration.ZERO, Duration.ZERO, null, "tls1.4"));
        assertThrows(IllegalArgumentException.class, () -> new AuthClientConfig(List.of(),
                AuthClientConfig.RequestMethod.GET, Duration.ofSeconds(-1), Duration.ZERO, null, "tls1.2"));
    }
}
