package dev.gjallarhorn.remote;

import java.io.IOException;
import java.net.InetSocketAddress;
import net.schmizz.sshj.connection.channel.forwarded.RemotePortForwarder;
import net.schmizz.sshj.connection.channel.forwarded.SocketForwardingConnectListener;

/**
 * A port on the target's loopback that leads, through the run's SSH connection, to a listener on this host's
 * loopback ({@code ssh -R}): how a gateway in a VM reaches the harness's doubles without any route to this host.
 */
public final class RemoteForward implements AutoCloseable {

    private final RemotePortForwarder forwarder;
    private final RemotePortForwarder.Forward bound;
    private final int localPort;

    private RemoteForward(RemotePortForwarder forwarder, RemotePortForwarder.Forward bound, int localPort) {
        this.forwarder = forwarder;
        this.bound = bound;
        this.localPort = localPort;
    }

    /** Binds {@code 127.0.0.1:remotePort} on the target to {@code 127.0.0.1:localPort} here. */
    public static RemoteForward open(SshTarget target, int remotePort, int localPort) {
        RemotePortForwarder forwarder = target.client().getRemotePortForwarder();
        try {
            RemotePortForwarder.Forward bound = forwarder.bind(new RemotePortForwarder.Forward("127.0.0.1", remotePort),
                    new SocketForwardingConnectListener(new InetSocketAddress("127.0.0.1", localPort)));
            return new RemoteForward(forwarder, bound, localPort);
        } catch (IOException e) {
            throw new TargetUnreachable("could not forward 127.0.0.1:" + remotePort + " on " + target.describe()
                    + " to this host (is the port taken, or TCP forwarding off in sshd?): " + e.getMessage(), e);
        }
    }

    public int remotePort() {
        return bound.getPort();
    }

    public int localPort() {
        return localPort;
    }

    @Override
    public void close() {
        try {
            forwarder.cancel(bound);
        } catch (IOException | RuntimeException e) {
            // the connection is going away with the run; nothing stays bound on the target once it is gone
        }
    }
}
