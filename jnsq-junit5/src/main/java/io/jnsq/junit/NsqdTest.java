package io.jnsq.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the annotated class's tests against a jnsq nsqd started inside the test JVM, in memory only, on
 * loopback ports the system picks. Test methods, constructors and lifecycle methods receive it as
 * parameters: {@link io.jnsq.nsqd.Nsqd}, {@link io.jnsq.nsqd.LocalClient}, {@link NsqdAwait}, and the
 * addresses annotated {@link TcpAddress} or {@link HttpAddress}. For settings beyond these, register an
 * {@link NsqdExtension} instead.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(NsqdExtension.class)
public @interface NsqdTest {

    /** One broker for the whole class (the default, and the fastest), or a fresh one for every test. */
    Lifecycle lifecycle() default Lifecycle.PER_CLASS;

    /** Whether the HTTP API listens too. */
    boolean http() default true;

    enum Lifecycle {
        PER_CLASS, PER_TEST
    }
}
