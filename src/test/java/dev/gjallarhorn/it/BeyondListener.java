package dev.gjallarhorn.it;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A listener for {@link BeyondHost}, started inside its network namespace: prints LISTENING, then one line
 * {@code ACCEPTED <peer> <first line>} per connection, and exits after the given number of seconds.
 */
public final class BeyondListener {

    private BeyondListener() {
    }

    public static void main(String[] args) throws Exception {
        InetAddress address = InetAddress.getByName(args[0]);
        int port = Integer.parseInt(args[1]);
        long until = System.currentTimeMillis() + Long.parseLong(args[2]) * 1000;
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(address, port));
            server.setSoTimeout(200);
            System.out.println("LISTENING");
            System.out.flush();
            while (System.currentTimeMillis() < until) {
                try (Socket client = server.accept()) {
                    client.setSoTimeout(2000);
                    String line = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII)).readLine();
                    System.out.println("ACCEPTED " + client.getInetAddress().getHostAddress() + " " + line);
                    System.out.flush();
                } catch (java.net.SocketTimeoutException idle) {
                    // keep listening until the deadline
                }
            }
        }
    }
}
