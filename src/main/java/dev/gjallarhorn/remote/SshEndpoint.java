package dev.gjallarhorn.remote;

/** Where an SSH target listens and whom we log in as. */
public record SshEndpoint(String user, String host, int port) {

    public SshEndpoint {
        if (user == null || user.isBlank()) {
            throw new BadTargetSpec("an ssh target needs a user (ssh://USER@host:port)");
        }
        if (host == null || host.isBlank()) {
            throw new BadTargetSpec("an ssh target needs a host (ssh://user@HOST:port)");
        }
        if (port < 1 || port > 65535) {
            throw new BadTargetSpec("ssh port " + port + " is out of range");
        }
    }

    public String uri() {
        return "ssh://" + user + "@" + host + ":" + port;
    }

    @Override
    public String toString() {
        return uri();
    }
}
