package io.jnsq.broker.auth;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthClientConfigTest {

    @Test
    void nsqdDefaults() {
        AuthClientConfig config = AuthClientConfig.builder().build();
        assertFalse(config.enabled());
        assertEquals(AuthClientConfig.RequestMethod.GET, config.requestMethod());
        assertEquals(Duration.ofSeconds(2), config.connectTimeout());
        assertEquals(Duration.ofSeconds(5), config.requestTimeout());
        assertEquals(Optional.empty(), config.rootCaFile());
        assertEquals("tls1.0", config.tlsMinVersion());
        assertEquals(config, AuthClientConfig.defaults(List.of()));
    }

    @Test
    void eachSettingByName() {
        AuthClientConfig config = AuthClientConfig.builder()
                .addresses(List.of("127.0.0.1:4181", "https://auth.example/check"))
                .requestMethod(AuthClientConfig.RequestMethod.POST)
                .connectTimeout(Duration.ofMillis(300))
                .requestTimeout(Duration.ofSeconds(1))
                .rootCaFile(Path.of("/etc/ca.pem"))
                .tlsMinVersion("tls1.2")
                .build();
        assertTrue(config.enabled());
        assertEquals(List.of("127.0.0.1:4181", "https://auth.example/check"), config.addresses());
        assertEquals(Duration.ofMillis(300), config.connectTimeout());
        assertEquals(Duration.ofSeconds(1), config.requestTimeout());
        assertEquals(Optional.of(Path.of("/etc/ca.pem")), config.rootCaFile());
    }

    @Test
    void requestMethodIsGetOrPostOnly() {
        assertEquals(AuthClientConfig.RequestMethod.POST, AuthClientConfig.RequestMethod.parse("post"));
        for (String method : List.of("GET", "put", "")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> AuthClientConfig.RequestMethod.parse(method));
            assertEquals("--auth-http-request-method must be post or get", refused.getMessage());
        }
    }

    @Test
    void refusesAnUnknownTlsVersionAndNegativeTimeouts() {
        assertThrows(IllegalArgumentException.class, () -> AuthClientConfig.builder().tlsMinVersion("tls1.4").build());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> AuthClientConfig.builder().connectTimeout(Duration.ofSeconds(-1)).build());
        assertTrue(negative.getMessage().startsWith("--http-client-connect-timeout must not be negative"), negative.getMessage());
    }
}
