package io.jnsq.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects the broker's TCP (V2) address: as an {@link java.net.InetSocketAddress}, or as a
 * {@code "127.0.0.1:port"} {@link String}, the form NSQ clients take.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface TcpAddress {
}
