package io.provtest.gateway.outage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder in front of a real server that a test can cut, as a restart of that server does: {@link #cut()}
 * closes every forwarded connection and refuses new ones (connection refused), {@link #restore()} accepts them again
 * on the same port.
 */
final class CuttableProxy implements AutoCloseable {

    private final String host;
    private final int port;
    private final int localPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;

    CuttableProxy(String host, int port) throws IOException {
        this.host = host;
        this.port = port;
        this.server = listen(0);
        this.localPort = server.getLocalPort();
        acceptFrom(server);
    }

    int port() {
        return localPort;
    }

    synchronized void cut() throws IOException {
        server.close();
        for (Socket s : open) {
            s.close();
        }
        open.clear();
    }

    synchronized void restore() throws IOException {
        if (server.isClosed()) {
            server = listen(localPort);
            acceptFrom(server);
        }
    }

    @Override
    public void close() throws IOException {
        cut();
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return s;
    }

    private void acceptFrom(ServerSocket listening) {
        daemon(() -> {
            while (!listening.isClosed()) {
                try {
                    Socket client = listening.accept();
                    Socket upstream = new Socket(host, port);
                    open.add(client);
                    open.add(upstream);
                    daemon(() -> pump(client, upstream));
                    daemon(() -> pump(upstream, client));
                } catch (IOException e) {
                    // closed by cut(), or the server behind refused: the client sees its connection end
                }
            }
        });
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16_384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side went away: the other is closed below
        } finally {
            quietly(from);
            quietly(to);
        }
    }

    private void quietly(Socket s) {
        open.remove(s);
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    private static void daemon(Runnable work) {
        Thread t = new Thread(work, "cuttable-proxy");
        t.setDaemon(true);
        t.start();
    }
}
