package dev.gjallarhorn.remote;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.userauth.keyprovider.KeyPairWrapper;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;

/** The private key we log in with. */
public sealed interface SshIdentity {

    KeyProvider keyProvider(SSHClient client) throws IOException;

    String describe();

    static SshIdentity file(Path path) {
        return new KeyFile(path);
    }

    static SshIdentity inMemory(KeyPair keyPair) {
        return new InMemory(keyPair);
    }

    record KeyFile(Path path) implements SshIdentity {
        public KeyFile {
            if (!Files.isReadable(path)) {
                throw new BadTargetSpec("identity file " + path + " cannot be read");
            }
        }

        @Override
        public KeyProvider keyProvider(SSHClient client) throws IOException {
            return client.loadKeys(path.toString());
        }

        @Override
        public String describe() {
            return "key " + path;
        }
    }

    record InMemory(KeyPair keyPair) implements SshIdentity {
        @Override
        public KeyProvider keyProvider(SSHClient client) {
            return new KeyPairWrapper(keyPair);
        }

        @Override
        public String describe() {
            return "the run's own key";
        }
    }
}
