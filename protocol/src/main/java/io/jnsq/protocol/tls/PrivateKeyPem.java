package io.jnsq.protocol.tls;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Private keys in the PEM forms nsqd's {@code --tls-key} takes: PKCS#8 ({@code PRIVATE KEY}), and the
 * OpenSSL-traditional PKCS#1 ({@code RSA PRIVATE KEY}) and SEC1 ({@code EC PRIVATE KEY}) that Go reads
 * too and Netty reads only with BouncyCastle. Each traditional key is the PKCS#8 payload already, so a
 * fixed DER wrapping makes it PKCS#8; written here because BouncyCastle would double nsqd.jar for that.
 */
final class PrivateKeyPem {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----\\s*(.*?)\\s*-----END \\1-----", Pattern.DOTALL);

    // AlgorithmIdentifier { rsaEncryption, NULL }
    private static final byte[] RSA_ALGORITHM = hex("300d06092a864886f70d0101010500");
    // OBJECT IDENTIFIER id-ecPublicKey
    private static final byte[] EC_PUBLIC_KEY_OID = hex("06072a8648ce3d0201");

    private PrivateKeyPem() {
    }

    /**
     * The key as PKCS#8 PEM.
     *
     * @throws IllegalArgumentException naming what is wrong: no key, an encrypted key, an unknown form
     */
    static String toPkcs8(String pem) {
        Matcher block = BLOCK.matcher(pem);
        while (block.find()) {
            String type = block.group(1);
            if ("EC PARAMETERS".equals(type)) {
                continue; // openssl ecparam -genkey writes these before the key
            }
            if (block.group(2).contains("ENCRYPTED")) {
                throw new IllegalArgumentException("encrypted private keys are not supported (nor by nsqd)");
            }
            byte[] der = Base64.getMimeDecoder().decode(block.group(2));
            return switch (type) {
                case "PRIVATE KEY" -> block.group();
                case "RSA PRIVATE KEY" -> pem(privateKeyInfo(RSA_ALGORITHM, der));
                case "EC PRIVATE KEY" -> pem(privateKeyInfo(ecAlgorithm(der), der));
                default -> throw new IllegalArgumentException("unsupported private key type \"" + type + "\"");
            };
        }
        throw new IllegalArgumentException("no PEM private key found");
    }

    /** PrivateKeyInfo { version 0, algorithm, privateKey OCTET STRING }. */
    private static byte[] privateKeyInfo(byte[] algorithm, byte[] key) {
        return tlv(0x30, concat(hex("020100"), algorithm, tlv(0x04, key)));
    }

    /** AlgorithmIdentifier { id-ecPublicKey, the named curve SEC1's [0] parameters carry }. */
    private static byte[] ecAlgorithm(byte[] sec1) {
        Der key = new Der(sec1);
        Der fields = key.enter(0x30);
        fields.skip(0x02); // version
        fields.skip(0x04); // the private key itself
        if (!fields.hasMore() || fields.peekTag() != 0xa0) {
            throw new IllegalArgumentException("EC private key without its curve parameters");
        }
        byte[] curve = fields.enter(0xa0).element(0x06);
        return tlv(0x30, concat(EC_PUBLIC_KEY_OID, curve));
    }

    private static String pem(byte[] der) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
                + "\n-----END PRIVATE KEY-----\n";
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = value.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] hex(String hex) {
        return java.util.HexFormat.of().parseHex(hex);
    }

    /** Just enough DER reading to walk SEC1's top-level fields. */
    private static final class Der {
        private final byte[] data;
        private int position;
        private final int end;

        Der(byte[] data) {
            this(data, 0, data.length);
        }

        private Der(byte[] data, int start, int end) {
            this.data = data;
            this.position = start;
            this.end = end;
        }

        boolean hasMore() {
            return position < end;
        }

        int peekTag() {
            return data[position] & 0xff;
        }

        /** The contents of the next element, which must have {@code tag}, to read inside it. */
        Der enter(int tag) {
            int length = header(tag);
            Der inner = new Der(data, position, position + length);
            position += length;
            return inner;
        }

        void skip(int tag) {
            int length = header(tag); // before the addition: += would read position before header moves it
            position += length;
        }

        /** The whole next element (tag, length and contents), which must have {@code tag}. */
        byte[] element(int tag) {
            int start = position;
            int length = header(tag);
            position += length;
            return java.util.Arrays.copyOfRange(data, start, position);
        }

        private int header(int tag) {
            if (position + 2 > end || (data[position] & 0xff) != tag) {
                throw new IllegalArgumentException("malformed EC private key");
            }
            position++;
            int length = data[position++] & 0xff;
            if (length >= 0x80) {
                int bytes = length & 0x7f;
                if (bytes > 3 || position + bytes > end) {
                    throw new IllegalArgumentException("malformed EC private key");
                }
                length = 0;
                for (int i = 0; i < bytes; i++) {
                    length = length << 8 | (data[position++] & 0xff);
                }
            }
            if (position + length > end) {
                throw new IllegalArgumentException("malformed EC private key");
            }
            return length;
        }
    }
}
