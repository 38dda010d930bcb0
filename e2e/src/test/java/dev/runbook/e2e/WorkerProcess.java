package dev.runbook.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The worker as its own JVM, started from this test's classpath with
 * {@link InMemoryKafkaWorkerMain}, so the test can kill it like an operator's node dies.
 */
final class WorkerProcess implements AutoCloseable {

  /** SIGKILL's exit status as Java reports it: 128 + 9. */
  static final int KILLED = 137;

  private final Process process;

  private WorkerProcess(Process process) {
    this.process = process;
  }

  /** A worker on {@code world}'s directory, logging to {@code worker.log} there (every worker of a test appends). */
  static WorkerProcess start(String temporalAddress, OutsideWorld world) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
        "-cp", classpath, InMemoryKafkaWorkerMain.class.getName(), world.dir().toString()))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(world.dir().resolve("worker.log").toFile()));
    builder.environment().put("RUNBOOK_TEMPORAL_ADDRESS", temporalAddress);
    try {
      return new WorkerProcess(builder.start());
    } catch (IOException e) {
      throw new IllegalStateException("could not start the worker JVM", e);
    }
  }

  long pid() {
    return process.pid();
  }

  /** SIGKILL: no shutdown hook, no graceful stop; whatever the worker held in memory is lost. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("worker " + pid() + " survived SIGKILL");
    }
    if (process.exitValue() != KILLED) {
      throw new AssertionError("worker " + pid() + " ended with " + process.exitValue() + ", not by SIGKILL (" + KILLED + ")");
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGTERM: the worker's graceful shutdown; SIGKILL if it does not end in time. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
