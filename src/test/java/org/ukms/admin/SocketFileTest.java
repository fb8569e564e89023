package org.ukms.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SocketFileTest {
  @TempDir Path dir;

  @Test
  void prepare_missingFolder_isCreatedOwnerOnly() throws Exception {
    Path socket = dir.resolve("run/ukms/admin.sock");

    SocketFile.prepare(socket);

    assertEquals("rwx------", PosixFilePermissions.toString(
        Files.getPosixFilePermissions(socket.getParent())));
  }

  @Test
  void prepare_aRegularFileInTheWay_isLeftAlone_andNamed() throws Exception {
    Path socket = dir.resolve("admin.sock");
    Files.writeString(socket, "not mine to delete");

    IOException e = assertThrows(IOException.class, () -> SocketFile.prepare(socket));

    assertEquals(socket + " exists and is not a socket; remove it or choose another "
        + "admin_listen", e.getMessage());
    assertTrue(Files.exists(socket));
  }
}
