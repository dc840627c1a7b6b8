package dev.gjallarhorn.remote;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import net.schmizz.sshj.connection.channel.direct.LocalPortForwarder;
import net.schmizz.sshj.connection.channel.direct.Parameters;

/**
 * A port on this host's loopback that leads, through the run's SSH connection, to a port on the target's loopback
 * ({@code ssh -L}): how the Telegram double reaches a gateway's webhook listener inside a VM.
 */
public final class LocalForward implements AutoCloseable {

    private final ServerSocket socket;
    private final LocalPortForwarder forwarder;
    private final int remotePort;

    private LocalForward(ServerSocket socket, LocalPortForwarder forwarder, int remotePort) {
        this.socket = socket;
        this.forwarder = forwarder;
        this.remotePort = remotePort;
    }

    /** Binds an ephemeral port on this host's loopback to {@code 127.0.0.1:remotePort} on the target. */
    public static LocalForward open(SshTarget target, int remotePort) {
        ServerSocket socket = null;
        try {
            socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            LocalPortForwarder forwarder = target.client().newLocalPortForwarder(
                    new Parameters("127.0.0.1", socket.getLocalPort(), "127.0.0.1", remotePort), socket);
            Thread listener = new Thread(() -> {
                try {
                    forwarder.listen();
                } catch (IOException e) {
                    // closed with the run, or the connection went away: new connections are refused from here on
                }
            }, "local-forward-" + remotePort);
            listener.setDaemon(true);
            listener.start();
            return new LocalForward(socket, forwarder, remotePort);
        } catch (RuntimeException e) {
            closeQuietly(socket);
            throw e;
        } catch (IOException e) {
            closeQuietly(socket);
            throw new TargetUnreachable("could not forward a local port to 127.0.0.1:" + remotePort + " on " + target.describe()
                    + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // it was never handed to anyone
            }
        }
    }

    public int localPort() {
        return socket.getLocalPort();
    }

    public int remotePort() {
        return remotePort;
    }

    @Override
    public void close() {
        try {
            forwarder.close();
        } catch (IOException e) {
            // the listener is gone either way
        }
        try {
            socket.close();
        } catch (IOException e) {
            // already closed by the forwarder
        }
    }
}
