package dev.runbook.e2e;

import dev.runbook.kafka.AppActivities;
import dev.runbook.kafka.KafkaActivities;
import dev.runbook.kafka.KafkaActivities.GroupInfo;
import dev.runbook.kafka.KafkaMigrationPlan.AppRef;
import dev.runbook.kafka.KafkaMigrationPlan.ConfigLocation;
import dev.runbook.kafka.TargetClusterActivities;
import dev.runbook.kafka.TopicSpec;
import dev.runbook.kafka.offsets.OffsetActivities;
import dev.runbook.kernel.NotificationActivities;
import dev.runbook.testkit.fakes.InMemoryKafkaWorld;
import dev.runbook.worker.RunbookWorker;
import dev.runbook.worker.WorkerConfig;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The production worker wiring ({@link WorkerConfig} from the environment, {@link RunbookWorker}
 * with its graceful shutdown) with the Kafka runbook's outside world in memory instead of Kafka and
 * Kubernetes. Every change the world records is appended to a journal file (argument 1) as
 * {@code <pid> <change>} when the activity returns, so a test sees what was done, by which worker
 * process, even after that process was killed.
 */
public final class InMemoryKafkaWorkerMain {

  static final String SOURCE = "pkc-4r297.europe-west1.gcp.confluent.cloud:9092";
  static final String TARGET = "payments-kafka-bootstrap.kafka.svc:9092";
  static final List<String> APPS = List.of("shop/orders-processor", "billing/invoice-mailer", "shop/checkout", "billing/payments-gateway");

  private InMemoryKafkaWorkerMain() {}

  public static void main(String[] args) throws InterruptedException {
    Path journal = Path.of(args[0]);
    WorkerConfig config = WorkerConfig.fromEnvironment(System.getenv());
    WorkflowServiceStubs stubs = config.temporal().connect();
    WorkflowClient client = config.temporal().client(stubs);
    RunbookWorker worker = RunbookWorker.start(client, config.taskQueue(), List.of(journaled(world(), journal)),
        config.shutdownGrace());
    System.out.println("worker " + ProcessHandle.current().pid() + " polling " + config.taskQueue());

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      worker.close();
      stubs.shutdown();
      stopped.countDown();
    }, "worker-shutdown"));
    stopped.await();
  }

  /** The world of {@code deploy/examples/kafka-plan.yaml}: its topics, groups and apps. */
  static InMemoryKafkaWorld world() {
    InMemoryKafkaWorld world = new InMemoryKafkaWorld(
        List.of(new TopicSpec("orders", 3, 3, Map.of()), new TopicSpec("invoices", 1, 3, Map.of())),
        List.of(new GroupInfo("orders-processor", "Stable", 1, List.of("orders"), 0),
            new GroupInfo("invoice-mailer", "Stable", 1, List.of("invoices"), 0)),
        SOURCE, TARGET);
    for (String app : APPS) {
      String[] parts = app.split("/");
      world.withApp(new AppRef(parts[0], parts[1], "app", new ConfigLocation("X", null, null, null)), 2);
    }
    return world;
  }

  /** The world behind every activity interface, appending its new changes to the journal after each call. */
  static Object journaled(InMemoryKafkaWorld world, Path journal) {
    long pid = ProcessHandle.current().pid();
    int[] written = {0};
    return Proxy.newProxyInstance(InMemoryKafkaWorkerMain.class.getClassLoader(),
        new Class<?>[] {KafkaActivities.class, TargetClusterActivities.class, AppActivities.class,
            OffsetActivities.class, NotificationActivities.class},
        (proxy, method, arguments) -> {
          if (method.getDeclaringClass() == Object.class) {
            return method.invoke(world, arguments);
          }
          try {
            return method.invoke(world, arguments);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          } finally {
            synchronized (written) {
              List<String> changes = world.changes.subList(written[0], world.changes.size());
              StringBuilder lines = new StringBuilder();
              changes.forEach(change -> lines.append(pid).append(' ').append(change).append('\n'));
              written[0] = world.changes.size();
              append(journal, lines.toString());
            }
          }
        });
  }

  private static void append(Path journal, String lines) {
    try {
      Files.writeString(journal, lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
