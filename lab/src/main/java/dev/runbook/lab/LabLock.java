package dev.runbook.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One lab at a time per clone: an OS lock on {@code .lab/lab.lock}, which holds the owner's pid. The
 * operating system releases the lock when its process ends, however it ends (a {@code kill -9}
 * included), so a lock left by a dead lab is simply taken over.
 */
final class LabLock implements AutoCloseable {

  /** Another lab holds the lock. */
  static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message);
    }
  }

  private final FileChannel channel;
  private final FileLock lock;

  private LabLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static LabLock acquire(Path file) {
    try {
      Files.createDirectories(file.getParent());
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException heldInThisJvm) {
        lock = null;
      }
      if (lock == null) {
        String owner = Files.readString(file, StandardCharsets.UTF_8).strip();
        channel.close();
        throw new Refused("another lab is running from this clone (pid " + (owner.isEmpty() ? "unknown" : owner)
            + "); wait for it to end or stop it, then start again");
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(true);
      return new LabLock(channel, lock);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot take the lab's lock " + file, e);
    }
  }

  @Override
  public void close() throws IOException {
    lock.release();
    channel.close();
  }
}
