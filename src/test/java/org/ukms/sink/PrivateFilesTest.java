package org.ukms.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files ukms reads back must be its own and private; its folders not writable by others. */
class PrivateFilesTest {
  @TempDir Path dir;

  private Path file(String mode) throws Exception {
    Path file = Files.writeString(dir.resolve("bob.key"), "x");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    return file;
  }

  @Test
  void requirePrivateFile_ownedByAnotherUser_isRefusedWithTheChown() throws Exception {
    Path file = file("rw-------");
    long mine = ((Number) Files.getAttribute(file, "unix:uid")).longValue();

    UnsafeFileException e = assertThrows(UnsafeFileException.class,
        () -> PrivateFiles.requirePrivateFile(file, mine + 1));

    assertEquals("\"" + file + "\" is owned by uid " + mine + ", not by uid " + (mine + 1)
        + ", which runs ukms: chown " + (mine + 1) + " " + file, e.getMessage());
    PrivateFiles.requirePrivateFile(file, mine);
    PrivateFiles.requirePrivateFile(file);
  }

  @Test
  void requirePrivateFile_root_acceptsTheOwnerOfTheFolder_refusesAnyOther() throws Exception {
    Path file = file("rw-------");
    long mine = ((Number) Files.getAttribute(dir, "unix:uid")).longValue();

    PrivateFiles.requirePrivateFile(file, 0); // file and folder have one owner
    assumeTrue(mine == 0, "changing a file's owner needs root");
    Files.setAttribute(file, "unix:uid", 4242);
    UnsafeFileException e = assertThrows(UnsafeFileException.class,
        () -> PrivateFiles.requirePrivateFile(file, 0));
    assertEquals("\"" + file + "\" is owned by uid 4242, not by uid 0, which runs ukms: chown 0 "
        + file, e.getMessage());
    Files.setAttribute(dir, "unix:uid", 4242);
    PrivateFiles.requirePrivateFile(file, 0);
    Files.setAttribute(file, "unix:uid", 4243);
    e = assertThrows(UnsafeFileException.class, () -> PrivateFiles.requirePrivateFile(file, 0));
    assertEquals("\"" + file + "\" is owned by uid 4243, not by uid 4242, the owner of its "
        + "folder: chown 4242 " + file, e.getMessage());
    Files.setAttribute(dir, "unix:uid", 0); // so that JUnit can clean up as before
  }

  @Test
  void requirePrivateFile_anyGroupOrOtherBit_isRefusedWithTheChmod() throws Exception {
    for (String mode : new String[] {"rw----r--", "rw-r-----", "rw--w----", "rw-------"}) {
      Path file = file(mode);
      if (mode.equals("rw-------")) {
        PrivateFiles.requirePrivateFile(file);
        continue;
      }
      UnsafeFileException e = assertThrows(UnsafeFileException.class,
          () -> PrivateFiles.requirePrivateFile(file), mode);
      assertEquals("\"" + file + "\" is accessible by group or others (mode "
          + PrivateFiles.octal(PosixFilePermissions.fromString(mode)) + "); a key file must be "
          + "private: chmod 600 " + file, e.getMessage());
    }
    assertEquals("0604", PrivateFiles.octal(PosixFilePermissions.fromString("rw----r--")));
  }

  @Test
  void readChars_fileOthersMayRead_isRefusedBeforeReading() throws Exception {
    Path file = file("rw-r--r--");

    assertThrows(UnsafeFileException.class, () -> PrivateFiles.readChars(file));
  }

  @Test
  void ensureFolder_writableByGroupOrOthers_isRefused_readableOnlyWarns() throws Exception {
    Path open = Files.createDirectories(dir.resolve("open"));
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxr-x"));

    UnsafeFileException e = assertThrows(UnsafeFileException.class,
        () -> PrivateFiles.ensureFolder(open));

    assertEquals("\"" + open + "\" is writable by group or others (mode 0775), who could replace "
        + "the files in it: chmod 700 " + open, e.getMessage());
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertFalse(PrivateFiles.ensureFolder(open));
  }

  @Test
  void ensureFolder_createsMissingFoldersAndParents0700() throws Exception {
    Path folder = dir.resolve("a/b");

    assertTrue(PrivateFiles.ensureFolder(folder));

    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
    assertEquals("rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.getParent())));
  }
}
