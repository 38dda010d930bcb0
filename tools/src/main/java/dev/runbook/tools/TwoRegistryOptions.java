package dev.runbook.tools;

import dev.runbook.http.RetryPolicy;
import dev.runbook.kafka.schemas.ApicurioImportWriter;
import dev.runbook.kafka.schemas.ConfluentImportWriter;
import dev.runbook.kafka.schemas.ConfluentRegistryClient;
import dev.runbook.kafka.schemas.SchemaTargetWriter;
import dev.runbook.plan.SchemaRegistryEndpoint.Kind;
import java.util.Locale;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The {@code --source} and {@code --target} registries of {@code kafka schemas …}: the source's
 * Confluent API, the target's URL and kind, and basic-auth credentials named by environment variable.
 */
final class TwoRegistryOptions {

  @Option(names = "--source", required = true, paramLabel = "<url>", converter = RegistryUrl.class,
      description = "The source registry's Confluent API, e.g. https://psrc-1.eu-west-1.aws.confluent.cloud.")
  String source;

  @Option(names = "--target", required = true, paramLabel = "<url>", converter = RegistryUrl.class,
      description = "The target registry: its Confluent API (kind confluent) or its root (kind apicurio).")
  String target;

  @Option(names = "--target-kind", defaultValue = "confluent", paramLabel = "<confluent|apicurio>", converter = KindName.class,
      description = "What the target is (default: ${DEFAULT-VALUE}).")
  Kind targetKind;

  @Option(names = "--source-user-env", paramLabel = "<VAR>", description = "Environment variable holding the source's API key.")
  String sourceUserEnv;

  @Option(names = "--source-password-env", paramLabel = "<VAR>", description = "Environment variable holding the source's API secret.")
  String sourcePasswordEnv;

  @Option(names = "--target-user-env", paramLabel = "<VAR>", description = "Environment variable holding the target's user.")
  String targetUserEnv;

  @Option(names = "--target-password-env", paramLabel = "<VAR>", description = "Environment variable holding the target's password.")
  String targetPasswordEnv;

  private final OkHttpClient http = ConfluentRegistryClient.defaultHttpClient();

  ConfluentRegistryClient sourceClient() {
    return ConfluentRegistryClient.connect(source, fromEnvironment(sourceUserEnv, "source-user-env"),
        fromEnvironment(sourcePasswordEnv, "source-password-env"), http, RetryPolicy.standard());
  }

  /** The target read through its Confluent API. */
  ConfluentRegistryClient targetClient() {
    String api = targetKind == Kind.APICURIO ? ApicurioImportWriter.confluentApi(target) : target;
    return ConfluentRegistryClient.connect(api, fromEnvironment(targetUserEnv, "target-user-env"),
        fromEnvironment(targetPasswordEnv, "target-password-env"), http, RetryPolicy.standard());
  }

  SchemaTargetWriter targetWriter() {
    return targetKind == Kind.APICURIO
        ? new ApicurioImportWriter(http, target, fromEnvironment(targetUserEnv, "target-user-env"),
            fromEnvironment(targetPasswordEnv, "target-password-env"))
        : new ConfluentImportWriter(targetClient());
  }

  /** The value of the environment variable an option names, {@code null} without the option; unset is a one-line error. */
  static String fromEnvironment(String variable, String option) {
    if (variable == null) {
      return null;
    }
    String value = System.getenv(variable);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("environment variable " + variable + " (--" + option + ") is not set");
    }
    return value;
  }

  /** An http(s) URL without trailing slashes, or a usage error. */
  static final class RegistryUrl implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      if (HttpUrl.parse(value) == null) {
        throw new TypeConversionException("'" + value + "' is not an http(s) URL");
      }
      return value.replaceAll("/+$", "");
    }
  }

  static final class KindName implements ITypeConverter<Kind> {
    @Override
    public Kind convert(String value) {
      for (Map.Entry<String, Kind> kind : Map.of("confluent", Kind.CONFLUENT, "apicurio", Kind.APICURIO).entrySet()) {
        if (kind.getKey().equals(value.toLowerCase(Locale.ROOT))) {
          return kind.getValue();
        }
      }
      throw new TypeConversionException("'" + value + "' is not one of confluent, apicurio");
    }
  }
}
