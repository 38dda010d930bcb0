package dev.runbook.plan;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.runbook.airflow.AirflowMigrationPlan;
import dev.runbook.airflow.AirflowMigrationWorkflow;
import dev.runbook.airflow.AirflowPlanValidator;
import dev.runbook.kafka.KafkaMigrationPlan;
import dev.runbook.kafka.KafkaMigrationWorkflow;
import dev.runbook.kafka.KafkaPlanValidator;
import dev.runbook.kernel.Progress;
import dev.runbook.kernel.RunbookControl;
import dev.runbook.testing.PlanMutations;
import dev.runbook.testing.PlanMutations.ExamplePlan;
import dev.runbook.testing.PlanMutations.Mutation;
import dev.runbook.testing.RunbookTestEnvironment;
import io.temporal.api.common.v1.Payload;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.converter.RawValue;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same hostile plans as JSON, started as {@code temporal workflow start --input} starts them
 * (a raw {@code json/plain} payload) on the SDK's test server with a worker as production builds
 * it: each run either starts (the plan is valid) or fails at once as InvalidPlan with one line
 * naming the field. None may leave a run whose workflow task fails and retries forever.
 */
class WorkflowInputFuzzTest {

  static final Path EXAMPLES = Path.of("../deploy/examples");
  static final Pattern JAVA_NOISE = Pattern.compile("\tat |`|Exception|java\\.|com\\.fasterxml|\\$[A-Z]");
  static final int MAX_MESSAGE = 20_000;

  static RunbookTestEnvironment env;
  static WorkflowClient client;
  static final DataConverter CONVERTER = DefaultDataConverter.newDefaultInstance();

  @BeforeAll
  static void start() {
    env = RunbookTestEnvironment.timeSkipping().start();
    client = env.client();
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  static Stream<ExamplePlan> examples() {
    return PlanMutations.examples(EXAMPLES).stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void everyMutationStartsOrFailsAtOnceAsAnInvalidPlan(ExamplePlan example) throws Exception {
    long started = System.nanoTime();
    boolean kafka = example.runbook().equals("kafka");
    String type = kafka ? KafkaMigrationWorkflow.class.getSimpleName() : AirflowMigrationWorkflow.class.getSimpleName();
    Function<Payload, Boolean> valid = kafka
        ? payload -> KafkaPlanValidator.validate(CONVERTER.fromPayload(payload, KafkaMigrationPlan.class, KafkaMigrationPlan.class)).isEmpty()
        : payload -> AirflowPlanValidator.validate(CONVERTER.fromPayload(payload, AirflowMigrationPlan.class, AirflowMigrationPlan.class)).isEmpty();
    List<Mutation> mutations = PlanMutations.of(example.text()).stream().filter(m -> m.json() != null).toList();
    List<String> failures = new ArrayList<>();
    List<Run> runs = new ArrayList<>();
    int tooLarge = 0;
    for (int i = 0; i < mutations.size(); i++) {
      Mutation mutation = mutations.get(i);
      Payload payload = Payload.newBuilder().putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
          .setData(ByteString.copyFrom(mutation.json(), StandardCharsets.UTF_8)).build();
      if (payload.getSerializedSize() > PlanFiles.MAX_BYTES) {
        tooLarge++; // The server refuses a start request over its blob limit (2 MB) before any worker sees it.
        continue;
      }
      boolean expectValid;
      try {
        expectValid = valid.apply(payload);
      } catch (RuntimeException unreadable) {
        expectValid = false;
      }
      WorkflowStub stub = client.newUntypedWorkflowStub(type, WorkflowOptions.newBuilder()
          .setTaskQueue(RunbookTestEnvironment.TASK_QUEUE)
          .setWorkflowId("fuzz-" + example.file().getFileName() + "-" + i).build());
      stub.start(new RawValue(payload));
      runs.add(new Run(mutation, stub, expectValid, stub.getResultAsync(Object.class)));
    }
    int accepted = 0;
    for (Run run : runs) {
      String problem = run.expectValid ? startedProblem(run) : refusedProblem(run);
      if (problem != null) {
        failures.add(run.mutation.kind() + ": " + problem);
      } else if (run.expectValid) {
        accepted++;
      }
    }
    System.out.printf("%s as JSON: %d mutations, %d accepted, %d refused, %d over the size limit, %d ms%n",
        example.file().getFileName(), mutations.size(), accepted, runs.size() - accepted, tooLarge,
        (System.nanoTime() - started) / 1_000_000);
    assertTrue(failures.isEmpty(), failures.size() + " mutation(s) answered badly, e.g.:\n"
        + String.join("\n", failures.subList(0, Math.min(20, failures.size()))));
  }

  /** A valid plan's run gets past the workflow's first line: it reports its first phase and has not failed. */
  static String startedProblem(Run run) {
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < deadline) {
        if (run.result.isDone()) {
          return "a valid plan's run ended: " + cut(String.valueOf(run.result.handle((r, e) -> e).join()));
        }
        Progress progress = run.stub.query(RunbookControl.PROGRESS_QUERY, Progress.class);
        if (!"starting".equals(progress.phase())) {
          run.stub.terminate("fuzz: started as it should");
          return null;
        }
        Thread.sleep(20);
      }
      return "a valid plan's run did not start within 10 s";
    } catch (Exception e) {
      return "a valid plan's run cannot be queried: " + cut(e.toString());
    }
  }

  /** An invalid plan's run fails at once, InvalidPlan, one line. */
  static String refusedProblem(Run run) {
    Throwable failure;
    try {
      run.result.get(10, TimeUnit.SECONDS);
      return "an invalid plan's run completed";
    } catch (java.util.concurrent.TimeoutException e) {
      run.stub.terminate("fuzz: stuck");
      return "an invalid plan's run neither failed nor ended within 10 s (a workflow task retried forever?)";
    } catch (java.util.concurrent.ExecutionException e) {
      failure = e.getCause();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
    if (!(failure instanceof WorkflowFailedException failed) || !(failed.getCause() instanceof ApplicationFailure app)) {
      return "failed other than by an ApplicationFailure: " + cut(String.valueOf(failure));
    }
    String message = app.getOriginalMessage();
    if (!"InvalidPlan".equals(app.getType())) {
      return "failed as " + app.getType() + ": " + cut(message);
    }
    if (message.contains("\n") || message.length() > MAX_MESSAGE) {
      return "a message of " + message.lines().count() + " lines, " + message.length() + " characters: " + cut(message);
    }
    if (JAVA_NOISE.matcher(message).find()) {
      return "Java speaks: " + cut(message);
    }
    if (!message.startsWith("the plan is invalid: ") && !message.startsWith("the plan is unreadable: ")) {
      return "neither invalid nor unreadable: " + cut(message);
    }
    return null;
  }

  static String cut(String text) {
    String oneLine = text.replace("\n", "\\n");
    return oneLine.length() > 300 ? oneLine.substring(0, 300) + "..." : oneLine;
  }

  record Run(Mutation mutation, WorkflowStub stub, boolean expectValid, CompletableFuture<Object> result) {}
}
