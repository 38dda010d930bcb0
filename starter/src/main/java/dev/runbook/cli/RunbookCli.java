package dev.runbook.cli;

import dev.runbook.logs.EntryPointLogs;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The operator CLI: start a runbook from a plan, watch it, decide its gates, and retry, skip, roll
 * back or abort. One file per command beside this one; here only the wiring and the rule that every
 * error is one line on stderr and exit code 1.
 */
@Command(
    name = "runbook",
    mixinStandardHelpOptions = true,
    scope = CommandLine.ScopeType.INHERIT,
    description = "Migration runbooks on Temporal.",
    subcommands = {
        StartCommand.class, StatusCommand.class, ApproveCommand.class, RejectCommand.class,
        RetryCommand.class, SkipCommand.class, RollbackCommand.class, AbortCommand.class,
        ListCommand.class, ReportCommand.class, CodecServerCommand.class})
public final class RunbookCli {

  /** The name of the CLI's log file and of its logback configuration, {@code logback-cli.xml}. */
  static final String LOG_NAME = "cli";

  public static void main(String[] args) {
    // Before anything logs. The tools, the lab and the worker image have this module on their classpath
    // with their own logback.xml, so the CLI's configuration has a name of its own.
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "logback-" + LOG_NAME + ".xml");
    }
    EntryPointLogs.route(args);
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs one command line; returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = VerboseOption.addTo(new CommandLine(new RunbookCli()), LOG_NAME);
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      commandLine.getErr().println("error: " + explain(e));
      return 1;
    });
    return cli.execute(args);
  }

  static String explain(Throwable e) {
    if (e instanceof CliException || e instanceof IllegalArgumentException) {
      return e.getMessage();
    }
    if (e instanceof WorkflowUpdateException) {
      Throwable cause = e;
      while (cause.getCause() != null) {
        cause = cause.getCause();
      }
      return "refused: " + (cause instanceof ApplicationFailure app ? app.getOriginalMessage() : cause.getMessage());
    }
    if (e instanceof WorkflowNotFoundException notFound) {
      return "no running runbook with id '" + notFound.getExecution().getWorkflowId() + "'";
    }
    if (e instanceof WorkflowExecutionAlreadyStarted started) {
      return "a runbook with id '" + started.getExecution().getWorkflowId() + "' is already running (one migration per target)";
    }
    if (e instanceof StatusRuntimeException grpc && grpc.getStatus().getCode() == Status.Code.UNAVAILABLE) {
      return "cannot reach Temporal: " + grpc.getStatus().getDescription();
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
