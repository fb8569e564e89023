package org.ukms.daemon;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.function.Predicate;
import org.ukms.config.IoErrors;

/**
 * Whether the user running this process can use a folder ukms writes to ({@code key_folder},
 * {@code state_dir}, the admin socket's folder): it exists and is writable, or it can be created
 * because its nearest existing parent is. Run by {@code ukms check} as by {@code ukms run}, so a
 * check run as the service user predicts what the service meets.
 */
final class Folders {
  private final Predicate<Path> writable;
  private final String user;

  /** {@code writable} says whether this user may create entries in a folder. */
  Folders(Predicate<Path> writable, String user) {
    this.writable = writable;
    this.user = user;
  }

  /** As the JVM's user sees it: access(2) with W_OK and X_OK. */
  static Folders ofThisUser() {
    return new Folders(p -> Files.isWritable(p) && Files.isExecutable(p),
        System.getProperty("user.name"));
  }

  /** Why {@code folder} cannot be used, as one line; empty when it can. */
  Optional<String> problem(Path folder) {
    Path absolute = folder.toAbsolutePath().normalize();
    Path existing = absolute;
    try {
      while (true) {
        try {
          BasicFileAttributes a = attributes(existing);
          if (!a.isDirectory()) {
            return Optional.of(existing == absolute ? "\"" + absolute + "\" is not a folder"
                : "cannot create \"" + absolute + "\": \"" + existing + "\" is not a folder");
          }
          break;
        } catch (NoSuchFileException | NotDirectoryOnTheWay e) {
          existing = existing.getParent();
          if (existing == null) {
            return Optional.of("cannot create \"" + absolute + "\": no such file or directory");
          }
        }
      }
    } catch (AccessDeniedException e) {
      return Optional.of("cannot inspect \"" + existing + "\" as user " + user
          + ": permission denied (a folder above it is not searchable)");
    } catch (IOException e) {
      return Optional.of("cannot inspect \"" + existing + "\": " + IoErrors.cause(e));
    }
    if (writable.test(existing)) {
      return Optional.empty();
    }
    String why = readOnly(existing) ? " (it is on a read-only file system)"
        : " by user " + user;
    return Optional.of(existing.equals(absolute)
        ? "\"" + absolute + "\" is not writable" + why
        : "cannot create \"" + absolute + "\": \"" + existing + "\" is not writable" + why);
  }

  /** Thrown when a path cannot exist because a file stands where one of its folders should. */
  private static final class NotDirectoryOnTheWay extends IOException {
    private static final long serialVersionUID = 1L;
  }

  private static BasicFileAttributes attributes(Path path) throws IOException {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class);
    } catch (FileSystemException e) {
      if (!(e instanceof AccessDeniedException) && "Not a directory".equals(e.getReason())) {
        throw new NotDirectoryOnTheWay();
      }
      throw e;
    }
  }

  private static boolean readOnly(Path folder) {
    try {
      return Files.getFileStore(folder).isReadOnly();
    } catch (IOException e) {
      return false;
    }
  }
}
