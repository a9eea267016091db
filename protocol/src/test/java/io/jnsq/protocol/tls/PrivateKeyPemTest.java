package io.jnsq.protocol.tls;

import io.jnsq.protocol.testing.TestPki;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * nsqd's key forms become PKCS#8 the JDK itself reads. The traditional PEMs come from BouncyCastle's
 * writer (test class path only), so the conversion is checked against an independent encoder.
 */
class PrivateKeyPemTest {

    @TempDir
    Path directory;

    @Test
    void pkcs1RsaKeyBecomesTheSameKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        PrivateKey key = generator.generateKeyPair().getPrivate();
        String pkcs1 = TestPki.traditionalPem(key);
        assertTrue(pkcs1.startsWith("-----BEGIN RSA PRIVATE KEY-----"), pkcs1);
        assertArrayEquals(key.getEncoded(), parse("RSA", PrivateKeyPem.toPkcs8(pkcs1)).getEncoded());
    }

    @Test
    void sec1EcKeyBecomesTheSameKeyEvenAfterItsParameters() throws Exception {
        // BouncyCastle's own keys carry the curve inside SEC1, as OpenSSL's do (the JDK's leave it out)
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", new BouncyCastleProvider());
        generator.initialize(new ECGenParameterSpec("secp384r1"));
        ECPrivateKey key = (ECPrivateKey) generator.generateKeyPair().getPrivate();
        String sec1 = TestPki.traditionalPem(key);
        assertTrue(sec1.startsWith("-----BEGIN EC PRIVATE KEY-----"), sec1);
        String withParameters = "-----BEGIN EC PARAMETERS-----\nBgUrgQQAIg==\n-----END EC PARAMETERS-----\n" + sec1;
        ECPrivateKey converted = (ECPrivateKey) parse("EC", PrivateKeyPem.toPkcs8(withParameters));
        assertEquals(key.getS(), converted.getS());
        assertEquals(key.getParams().getCurve(), converted.getParams().getCurve());
    }

    @Test
    void sec1WithoutItsCurveIsRefusedByName() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        String noCurve = TestPki.traditionalPem(generator.generateKeyPair().getPrivate());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PrivateKeyPem.toPkcs8(noCurve))
                .getMessage().contains("curve parameters"));
    }

    @Test
    void pkcs8PassesThroughAndOtherFormsAreRefusedByName() {
        String pkcs8 = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----";
        assertEquals(pkcs8, PrivateKeyPem.toPkcs8("junk before\n" + pkcs8 + "\n"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PrivateKeyPem.toPkcs8("not a key"))
                .getMessage().contains("no PEM private key"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PrivateKeyPem.toPkcs8(
                "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----"))
                .getMessage().contains("encrypted"));
        assertThrows(IllegalArgumentException.class, () -> PrivateKeyPem.toPkcs8(
                "-----BEGIN EC PRIVATE KEY-----\n" + Base64.getEncoder().encodeToString(new byte[]{0x30, 0x03, 0x02, 0x01, 0x01})
                        + "\n-----END EC PRIVATE KEY-----"));
    }

    @Test
    void aServerContextBuildsFromATraditionalKeyFile() throws Exception {
        X509Bundle server = new CertificateBuilder().subject("CN=localhost").rsa2048().setIsCertificateAuthority(true).buildSelfSigned();
        Path cert = Files.writeString(directory.resolve("server.crt"), server.getCertificatePathPEM());
        Path key = Files.writeString(directory.resolve("server.key"), TestPki.traditionalPem(server.getKeyPair().getPrivate()));
        assertNotNull(TlsSettings.builder().certFile(cert).keyFile(key).build().newServerContext());
    }

    private static PrivateKey parse(String algorithm, String pkcs8Pem) throws Exception {
        String base64 = pkcs8Pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "");
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(base64)));
    }
}
