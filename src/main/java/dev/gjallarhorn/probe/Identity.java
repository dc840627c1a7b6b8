package dev.gjallarhorn.probe;

import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.Target;

/** Who a probe acts as on the target. Named in every piece of evidence. */
public enum Identity {
    /** The Lima-style login user: passwordless sudo, docker group; on Bilrost also the service user. */
    LOGIN_USER {
        @Override
        public Cmd wrap(Cmd cmd) {
            return cmd;
        }

        @Override
        public String label(Target target) {
            return target.user();
        }
    },
    /** An unprivileged local user without sudo or docker: {@code nobody}, present on every Linux. */
    UNPRIVILEGED {
        @Override
        public Cmd wrap(Cmd cmd) {
            return cmd.asUser("nobody");
        }

        @Override
        public String label(Target target) {
            return "nobody";
        }
    };

    /** The command as this identity runs it. */
    public abstract Cmd wrap(Cmd cmd);

    /** The user name as evidence shows it. */
    public abstract String label(Target target);
}
