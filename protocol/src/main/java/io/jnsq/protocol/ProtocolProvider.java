package io.jnsq.protocol;

/**
 * What {@link java.util.ServiceLoader} instantiates to find a {@link Protocol}: list the implementing
 * class in {@code META-INF/services/io.jnsq.protocol.ProtocolProvider}. It needs a public no-argument
 * constructor; everything the protocol depends on comes from the {@link ProtocolContext}.
 *
 * <p>Stability: evolving.
 */
public interface ProtocolProvider {

    Protocol create(ProtocolContext context);
}
