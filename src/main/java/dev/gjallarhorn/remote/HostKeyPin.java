package dev.gjallarhorn.remote;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

/**
 * What the target's host key must be. There is no "accept anything": a twin this run started is
 * pinned to the fingerprint read from its container, every other target to what the user gave.
 */
public sealed interface HostKeyPin {

    boolean accepts(String host, int port, PublicKey key);

    /** Said in an error when a key is refused. */
    String describe();

    static HostKeyPin fingerprint(String sha256) {
        return new Fingerprint(sha256);
    }

    /** Accepts any one of several fingerprints, e.g. all the host keys cloud-init printed at first boot. */
    static HostKeyPin anyOf(java.util.Collection<String> sha256) {
        return new AnyOf(sha256.stream().map(Fingerprint::new).toList());
    }

    static HostKeyPin knownHosts(Path file) {
        return new KnownHosts(file);
    }

    /** Accepts the one key whose {@code SHA256:…} fingerprint matches. */
    record Fingerprint(String sha256) implements HostKeyPin {
        public Fingerprint {
            String normalised = sha256.trim();
            if (!normalised.startsWith("SHA256:") || normalised.length() < 20) {
                throw new BadTargetSpec("host key fingerprint must look like SHA256:… (as ssh-keygen -lf prints), got '" + sha256 + "'");
            }
            sha256 = normalised.replaceAll("=+$", "");
        }

        @Override
        public boolean accepts(String host, int port, PublicKey key) {
            return SshKeys.sha256Fingerprint(key).equals(sha256);
        }

        @Override
        public String describe() {
            return "pinned fingerprint " + sha256;
        }
    }

    /** Accepts the key if any of the fingerprints matches. */
    record AnyOf(List<Fingerprint> fingerprints) implements HostKeyPin {
        public AnyOf {
            if (fingerprints.isEmpty()) {
                throw new BadTargetSpec("no host key fingerprints to pin against");
            }
            fingerprints = List.copyOf(fingerprints);
        }

        @Override
        public boolean accepts(String host, int port, PublicKey key) {
            return fingerprints.stream().anyMatch(f -> f.accepts(host, port, key));
        }

        @Override
        public String describe() {
            return "pinned fingerprints " + fingerprints.stream().map(Fingerprint::sha256).toList();
        }
    }

    /** Accepts a key listed for this host (and port) in an OpenSSH known_hosts file; unknown hosts are refused. */
    record KnownHosts(Path file) implements HostKeyPin {
        public KnownHosts {
            if (!Files.isReadable(file)) {
                throw new BadTargetSpec("known_hosts file " + file + " cannot be read");
            }
        }

        @Override
        public boolean accepts(String host, int port, PublicKey key) {
            try {
                // the default actions for unknown and changed keys already refuse; nothing is written back
                return new OpenSSHKnownHosts(file.toFile()).verify(host, port, key);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read known_hosts file " + file, e);
            }
        }

        @Override
        public String describe() {
            return "known_hosts file " + file;
        }

        List<String> algorithms(String host, int port) {
            try {
                return new OpenSSHKnownHosts(file.toFile()).findExistingAlgorithms(host, port);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read known_hosts file " + file, e);
            }
        }
    }
}
