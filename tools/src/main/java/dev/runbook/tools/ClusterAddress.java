package dev.runbook.tools;

import dev.runbook.plan.KafkaEndpoint;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * One cluster as an operator names it: a standard Kafka client properties file (its SASL and TLS
 * settings are used as they are) or a bare {@code host:port} list for a plaintext cluster. Only the
 * bootstrap address, security protocol and SASL mechanism are ever shown or written.
 */
public record ClusterAddress(KafkaEndpoint endpoint, Map<String, Object> clientProperties) {

  private static final Pattern HOST_PORTS = Pattern.compile("[A-Za-z0-9._\\-\\[\\]:]+:\\d+(,[A-Za-z0-9._\\-\\[\\]:]+:\\d+)*");

  /** Reads {@code value} as a properties file if one exists there, otherwise as {@code host:port[,host:port]}. */
  public static ClusterAddress parse(String value) {
    Path file = Path.of(value);
    Properties properties = new Properties();
    if (Files.isRegularFile(file)) {
      try (Reader reader = Files.newBufferedReader(file)) {
        properties.load(reader);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
      }
      if (properties.getProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "").isBlank()) {
        throw new IllegalArgumentException(file + " has no " + CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
      }
    } else if (HOST_PORTS.matcher(value).matches()) {
      properties.setProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, value);
    } else {
      throw new IllegalArgumentException("'" + value + "' is neither a client properties file nor host:port");
    }
    Map<String, Object> clientProperties = new HashMap<>();
    properties.stringPropertyNames().forEach(name -> clientProperties.put(name, properties.getProperty(name).trim()));
    String bootstrap = (String) clientProperties.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
    String protocol = (String) clientProperties.getOrDefault(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT");
    String mechanism = (String) clientProperties.get(SaslConfigs.SASL_MECHANISM);
    return new ClusterAddress(new KafkaEndpoint(bootstrap, protocol, mechanism, null, null, null), Map.copyOf(clientProperties));
  }

  public String bootstrapServers() {
    return endpoint.bootstrapServers();
  }

  /** Lets picocli turn {@code --source} and {@code --target} values into addresses, reporting bad ones as usage errors. */
  static final class Converter implements ITypeConverter<ClusterAddress> {
    @Override
    public ClusterAddress convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
