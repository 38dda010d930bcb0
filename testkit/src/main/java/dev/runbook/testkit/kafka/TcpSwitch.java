package dev.runbook.testkit.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy that a test can cut and restore, so a server "disappears" and comes back on
 * the same address (an in-process Kafka broker cannot be restarted on its old port). While cut,
 * every live connection is closed and every new one is accepted and closed at once, as a client
 * sees a cluster that went away; {@link #restore()} forwards again. Connections that arrive
 * before {@link #forwardTo} knows the upstream are closed the same way.
 */
public final class TcpSwitch implements AutoCloseable {

  private final ServerSocket listener;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile InetSocketAddress upstream;
  private volatile boolean cut;

  private TcpSwitch(ServerSocket listener) {
    this.listener = listener;
  }

  /** Listens on a free loopback port; nothing is forwarded until {@link #forwardTo} is called. */
  public static TcpSwitch open(String name) {
    try {
      ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      TcpSwitch tcpSwitch = new TcpSwitch(listener);
      Thread acceptor = new Thread(tcpSwitch::accept, "tcp-switch-" + name);
      acceptor.setDaemon(true);
      acceptor.start();
      return tcpSwitch;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a loopback port for " + name, e);
    }
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** Where accepted connections go from now on. */
  public void forwardTo(InetSocketAddress server) {
    this.upstream = server;
  }

  /** Closes every live connection and turns new ones away until {@link #restore()}. */
  public void cut() {
    cut = true;
    open.forEach(TcpSwitch::closeQuietly);
  }

  public void restore() {
    cut = false;
  }

  public boolean isCut() {
    return cut;
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        InetSocketAddress server = upstream;
        if (cut || server == null) {
          closeQuietly(client);
          continue;
        }
        connect(client, server);
      } catch (IOException e) {
        if (listener.isClosed()) {
          return;
        }
      }
    }
  }

  private void connect(Socket client, InetSocketAddress server) {
    Socket remote = new Socket();
    try {
      remote.connect(server, 5_000);
    } catch (IOException e) {
      closeQuietly(client);
      closeQuietly(remote);
      return;
    }
    open.add(client);
    open.add(remote);
    if (cut) {
      closeQuietly(client);
      closeQuietly(remote);
      return;
    }
    pump(client, remote);
    pump(remote, client);
  }

  /** Copies one direction; when either side ends, both sockets close. */
  private void pump(Socket from, Socket to) {
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[64 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int read;
        while ((read = in.read(buffer)) >= 0) {
          out.write(buffer, 0, read);
          out.flush();
        }
      } catch (IOException closed) {
        // the other direction, cut() or the peer closed the connection
      } finally {
        closeQuietly(from);
        closeQuietly(to);
        open.remove(from);
        open.remove(to);
      }
    }, "tcp-switch-pump-" + listener.getLocalPort());
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing is all we wanted
    }
  }

  @Override
  public void close() {
    cut();
    try {
      listener.close();
    } catch (IOException ignored) {
      // the port is released either way
    }
  }
}
