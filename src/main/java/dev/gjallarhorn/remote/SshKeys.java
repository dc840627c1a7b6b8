package dev.gjallarhorn.remote;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.Base64;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;

/** Key material the harness makes for the twin, and the fingerprints it pins host keys by. */
public final class SshKeys {

    private SshKeys() {
    }

    /** A fresh login key for one twin; RSA because every sshj and OpenSSH build reads it. */
    public static KeyPair generateLoginKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(3072);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot make RSA keys", e);
        }
    }

    /** The {@code authorized_keys} line for a public key. */
    public static String authorizedKeysLine(PublicKey key, String comment) {
        return KeyType.fromKey(key) + " " + Base64.getEncoder().encodeToString(blob(key)) + " " + comment;
    }

    /** OpenSSH's fingerprint format: {@code SHA256:} and unpadded base64 of the key blob's digest. */
    public static String sha256Fingerprint(PublicKey key) {
        return sha256Fingerprint(blob(key));
    }

    /** The fingerprint of a public key given as an {@code authorized_keys}/{@code .pub} line. */
    public static String sha256FingerprintOfPublicKeyLine(String line) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length < 2) {
            throw new IllegalArgumentException("not a public key line: " + line);
        }
        return sha256Fingerprint(Base64.getDecoder().decode(parts[1]));
    }

    /** PKCS#8 PEM, which both OpenSSH's ssh and sshj read. */
    public static String privateKeyPem(KeyPair keyPair) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(keyPair.getPrivate().getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
    }

    private static byte[] blob(PublicKey key) {
        return new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
    }

    private static String sha256Fingerprint(byte[] blob) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
