package dev.runbook.kafka;

import dev.runbook.kafka.KafkaMigrationPlan.TargetCluster;
import java.util.Locale;

/**
 * How the target cluster's plan listener is secured, decided once from the plan: TLS or not, and
 * how clients authenticate. Everything that talks to the target (the Kafka resource, KafkaUsers,
 * MirrorMaker 2, the runbook's own clients, each repointed app) derives its settings from this.
 */
public record TargetSecurity(Authentication authentication, boolean tls, String clusterCaSecret) {

  /** The listener's {@code authentication.type} in the Kafka resource, as the plan spells it. */
  public enum Authentication {
    SCRAM_SHA_512("scram-sha-512"),
    TLS("tls"),
    NONE("none");

    private final String planName;

    Authentication(String planName) {
      this.planName = planName;
    }

    public String planName() {
      return planName;
    }

    /** The plan's value (default scram-sha-512), or null when it is none of them. */
    public static Authentication fromPlan(String value) {
      if (value == null || value.isBlank()) {
        return SCRAM_SHA_512;
      }
      for (Authentication authentication : values()) {
        if (authentication.planName.equals(value.toLowerCase(Locale.ROOT))) {
          return authentication;
        }
      }
      return null;
    }
  }

  /** The plan's choice; call after {@link KafkaPlanValidator#validate} accepted the plan. */
  public static TargetSecurity of(TargetCluster target) {
    Authentication authentication = Authentication.fromPlan(target.authentication());
    return new TargetSecurity(authentication == null ? Authentication.SCRAM_SHA_512 : authentication,
        target.tls() == null || target.tls(), target.cluster() + "-cluster-ca-cert");
  }

  public boolean authenticated() {
    return authentication != Authentication.NONE;
  }

  /** Kafka's {@code security.protocol} for clients of the listener. */
  public String securityProtocol() {
    return (authentication == Authentication.SCRAM_SHA_512 ? "SASL_" : "") + (tls ? "SSL" : "PLAINTEXT");
  }

  /** Kafka's {@code sasl.mechanism}, or null without SASL. */
  public String saslMechanism() {
    return authentication == Authentication.SCRAM_SHA_512 ? "SCRAM-SHA-512" : null;
  }

  /** The principal the broker sees for KafkaUser {@code user} (Strimzi names TLS users by their certificate's CN). */
  public String principal(String user) {
    return "User:" + (authentication == Authentication.TLS ? "CN=" + user : user);
  }

  /** One line for the go-live gate's evidence. */
  public String describe(String operator) {
    if (!authenticated()) {
      return "target listener: " + (tls ? "TLS" : "PLAINTEXT") + ", no authentication, no authorization (the plan says"
          + " authentication: none)";
    }
    return "target listener: TLS, " + authentication.planName() + " authentication, simple authorization, super user "
        + principal(operator) + " only";
  }
}
