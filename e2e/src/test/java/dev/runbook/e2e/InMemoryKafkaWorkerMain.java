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
import dev.runbook.testing.ActivityOptionsOverride;
import dev.runbook.testing.InMemoryKafkaWorld;
import dev.runbook.worker.RunbookWorker;
import dev.runbook.worker.WorkerConfig;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The production worker wiring ({@link WorkerConfig} from the environment, {@link RunbookWorker}
 * with its graceful shutdown) with the Kafka runbook's outside world in memory instead of Kafka and
 * Kubernetes. The world lives in a directory (argument 1, see {@link OutsideWorld}): every change is
 * journalled as {@code <pid> <change>} and the state saved when the activity returns, and the next
 * worker starts from that state, so a test sees what was done, by which worker process, even after
 * that process was killed, and a restarted worker meets the world as the killed one left it.
 */
public final class InMemoryKafkaWorkerMain {

  static final String SOURCE = "pkc-4r297.europe-west1.gcp.confluent.cloud:9092";
  static final String TARGET = "payments-kafka-bootstrap.kafka.svc:9092";
  static final List<String> APPS = List.of("shop/orders-processor", "billing/invoice-mailer", "shop/checkout", "billing/payments-gateway");
  /**
   * The activities this suite holds in flight must heartbeat within 5 s here (30 s in the workflow), so
   * the server notices a killed worker, and the activity hears a cancellation, within seconds.
   */
  static final ActivityOptions QUICK_HEARTBEAT = ActivityOptions.newBuilder().setHeartbeatTimeout(Duration.ofSeconds(5)).build();
  static final ActivityOptionsOverride QUICK_HEARTBEATS = new ActivityOptionsOverride(
      Map.of("AwaitCatchUp", QUICK_HEARTBEAT, "AwaitGroupConsuming", QUICK_HEARTBEAT, "TranslateGroup", QUICK_HEARTBEAT));

  private InMemoryKafkaWorkerMain() {}

  public static void main(String[] args) throws InterruptedException {
    OutsideWorld outside = new OutsideWorld(Path.of(args[0]));
    WorkerConfig config = WorkerConfig.fromEnvironment(System.getenv());
    WorkflowServiceStubs stubs = config.temporal().connect();
    WorkflowClient client = config.temporal().client(stubs);
    RunbookWorker worker = RunbookWorker.start(client, config.taskQueue(),
        List.of(journaled(outside.restore(world()), outside)), config.shutdownGrace(), QUICK_HEARTBEATS);
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

  /** The world behind every activity interface, recording its new changes and its state after each call that made some. */
  static Object journaled(InMemoryKafkaWorld world, OutsideWorld outside) {
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
              if (world.changes.size() > written[0]) {
                outside.record(pid, List.copyOf(world.changes.subList(written[0], world.changes.size())), OutsideWorld.State.of(world));
                written[0] = world.changes.size();
              }
            }
          }
        });
  }
}
