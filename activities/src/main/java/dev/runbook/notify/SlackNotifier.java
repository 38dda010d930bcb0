package dev.runbook.notify;

import dev.runbook.kernel.Notification;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * Posts to a Slack incoming webhook when someone has to act or should know the outcome: a gate opens
 * or waits too long (with the exact commands that decide it), a step parks (with the error and the
 * retry / skip / rollback commands), a runbook ends. The webhook URL is a secret and never logged.
 */
public final class SlackNotifier implements NotificationChannel {

  private final HttpUrl webhook;
  private final JsonPoster poster;

  public SlackNotifier(HttpUrl webhook, JsonPoster poster) {
    this.webhook = webhook;
    this.poster = poster;
  }

  @Override
  public String name() {
    return "Slack webhook";
  }

  @Override
  public void deliver(Notification notification) {
    message(notification).ifPresent(text -> poster.post(webhook, Map.of(), Map.of("text", text), name()));
  }

  /** The message's mrkdwn text, or empty for kinds Slack does not hear about. */
  static Optional<String> message(Notification n) {
    String about = " — " + n.runbook() + " `" + n.migrationId() + "`, phase `" + n.phase() + "`\n";
    String body = switch (n.kind()) {
      case GATE_OPENED -> ":raised_hand: *Gate `" + n.subject() + "` is open*" + about
          + escape(n.message()) + "\n" + commands("Decide with one of:", n.commands());
      case GATE_WAITING -> ":hourglass: *Gate `" + n.subject() + "` is still waiting*" + about
          + escape(n.message()) + "\n" + commands("Decide with one of:", n.commands());
      case STEP_PARKED -> ":rotating_light: *Step `" + n.subject() + "` parked*" + about
          + escape(n.message()) + "\n" + commands("Answer with one of:", n.commands());
      case RUNBOOK_ENDED -> endIcon(n.subject()) + " *Runbook ended: " + n.subject() + "*" + about
          + escape(n.message()) + "\n";
      default -> null;
    };
    return Optional.ofNullable(body).map(text -> text + "Workflow `" + n.workflowId() + "`");
  }

  private static String commands(String intro, List<String> commands) {
    return commands.isEmpty() ? "" : intro + "\n```\n" + escape(String.join("\n", commands)) + "\n```\n";
  }

  private static String endIcon(String status) {
    return switch (status) {
      case "COMPLETED" -> ":white_check_mark:";
      case "ROLLED_BACK" -> ":leftwards_arrow_with_hook:";
      default -> ":octagonal_sign:";
    };
  }

  /** Slack reads {@code & < >} as markup; these three are all it asks to escape. */
  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
