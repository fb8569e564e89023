package org.ukms.admin;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The file of the admin Unix socket: its folder made owner-only when it has to be created, a
 * stale socket left by a daemon that died removed, a live one (another daemon on the same file)
 * refused, and the socket made owner-only once bound. Whoever can open the file can ask the
 * endpoint, so it belongs to the daemon's user alone (root can always connect).
 */
final class SocketFile {
  private SocketFile() {}

  /** Makes room for binding {@code socket}; an IOException says why there is none. */
  static void prepare(Path socket) throws IOException {
    Path folder = socket.toAbsolutePath().getParent();
    if (!Files.isDirectory(folder)) {
      Files.createDirectories(folder,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    if (!Files.exists(socket, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (Files.isRegularFile(socket, java.nio.file.LinkOption.NOFOLLOW_LINKS)
        || Files.isDirectory(socket, java.nio.file.LinkOption.NOFOLLOW_LINKS)
        || Files.isSymbolicLink(socket)) {
      throw new IOException(socket + " exists and is not a socket; remove it or choose another "
          + "admin_listen");
    }
    if (listening(socket)) {
      throw new IOException("another process already listens on " + socket
          + " (a second ukms with the same state_dir?)");
    }
    Files.delete(socket); // stale: left by a daemon that did not close
  }

  /** After binding: only the owner may connect. */
  static void restrict(Path socket) throws IOException {
    Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
  }

  private static boolean listening(Path socket) {
    try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      return c.connect(UnixDomainSocketAddress.of(socket));
    } catch (IOException e) {
      return false;
    }
  }
}
