package dev.gjallarhorn.run;

import dev.gjallarhorn.remote.BadTargetSpec;
import dev.gjallarhorn.remote.SshEndpoint;
import dev.gjallarhorn.twin.TwinSpec;
import java.net.URI;
import java.net.URISyntaxException;

/** What {@code -Dgjallarhorn.target} names. */
public sealed interface TargetSpec {

    /** The embedded twin, started with Testcontainers for this run. */
    record Twin(TwinSpec spec) implements TargetSpec {
    }

    /** Any SSH host, reached with an identity file and a pinned host key. */
    record Ssh(SshEndpoint endpoint) implements TargetSpec {
    }

    /** A Lima instance by name. */
    record Lima(String name) implements TargetSpec {
    }

    static TargetSpec parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.equals("twin") || t.isEmpty()) {
            return new Twin(TwinSpec.parse(""));
        }
        if (t.startsWith("twin:")) {
            return new Twin(TwinSpec.parse(t.substring("twin:".length())));
        }
        if (t.startsWith("lima:")) {
            String name = t.substring("lima:".length());
            if (name.isBlank()) {
                throw new BadTargetSpec("lima: needs an instance name, e.g. lima:openclaw-sandbox");
            }
            return new Lima(name);
        }
        if (t.startsWith("ssh://")) {
            try {
                URI uri = new URI(t);
                if (uri.getHost() == null) {
                    throw new BadTargetSpec("cannot read a host in '" + t + "' (expected ssh://user@host:port)");
                }
                return new Ssh(new SshEndpoint(uri.getUserInfo(), uri.getHost(), uri.getPort() == -1 ? 22 : uri.getPort()));
            } catch (URISyntaxException e) {
                throw new BadTargetSpec("'" + t + "' is not an ssh:// address: " + e.getReason());
            }
        }
        throw new BadTargetSpec("unknown target '" + t + "'; use twin, twin:PROFILE[+FAULT,...], ssh://user@host:port or lima:NAME");
    }
}
