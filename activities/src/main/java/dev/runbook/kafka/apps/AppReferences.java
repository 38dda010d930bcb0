package dev.runbook.kafka.apps;

import dev.runbook.kafka.KafkaMigrationPlan.AppRef;
import dev.runbook.kafka.KafkaMigrationPlan.AppSchemaRegistry;
import dev.runbook.kafka.KafkaMigrationPlan.ConfigLocation;
import dev.runbook.plan.SecretRef;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Checks that what the plan says about an app is true of the cluster: the Deployment, the
 * container, and the env var, ConfigMap key or Secret key where the app keeps its bootstrap
 * servers and its Schema Registry URL (and that the Deployment actually uses that ConfigMap or Secret,
 * or repointing it would change nothing), and the Secret key with its target registry credentials.
 * Pure: the caller looks the objects up.
 */
public final class AppReferences {

  private AppReferences() {}

  /** Every problem found, each a sentence naming the app; empty when the plan matches. */
  public static List<String> problems(
      AppRef app, Deployment deployment, Function<String, ConfigMap> configMaps, Function<String, Secret> secrets) {
    String id = app.id();
    List<String> problems = new ArrayList<>();
    ConfigLocation location = app.bootstrap();
    if (!namesExactlyOneLocation(location)) {
      problems.add(id + ": the bootstrap location must name exactly one of env, configMap+key, secret+key");
    }
    if (deployment == null) {
      problems.add(id + ": Deployment not found");
      return problems;
    }
    if (!problems.isEmpty()) {
      return problems;
    }
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    location(app, pod, location, configMaps, secrets, problems);
    AppSchemaRegistry registry = app.schemaRegistry();
    if (registry == null) {
      return problems;
    }
    if (!namesExactlyOneLocation(registry.url())) {
      problems.add(id + ": the schema registry url location must name exactly one of env, configMap+key, secret+key");
      return problems;
    }
    location(app, pod, registry.url(), configMaps, secrets, problems);
    SecretRef userInfo = registry.targetUserInfo();
    if (userInfo != null) {
      Secret secret = secrets.apply(userInfo.secret());
      if (secret == null) {
        problems.add(id + ": Secret '" + userInfo.secret() + "' (the target registry's user info) not found");
      } else if (!hasKey(secret, userInfo.key())) {
        problems.add(id + ": Secret '" + userInfo.secret() + "' has no key '" + userInfo.key() + "' (the target registry's user info)");
      }
    }
    return problems.stream().distinct().toList();
  }

  /** The env var, ConfigMap key or Secret key exists, and the Deployment uses that ConfigMap or Secret. */
  private static void location(AppRef app, PodSpec pod, ConfigLocation location, Function<String, ConfigMap> configMaps,
      Function<String, Secret> secrets, List<String> problems) {
    String id = app.id();
    if (location.env() != null) {
      Container container = container(app, pod, problems);
      if (container != null) {
        EnvVar variable = envVar(container, location.env());
        if (variable == null) {
          problems.add(id + ": env var '" + location.env() + "' not found in container '" + container.getName() + "'");
        } else if (variable.getValueFrom() != null) {
          problems.add(id + ": env var '" + location.env() + "' of container '" + container.getName()
              + "' takes its value from a reference; name that ConfigMap or Secret key in the plan instead");
        }
      }
    } else if (location.configMap() != null) {
      if (app.container() != null) {
        container(app, pod, problems);
      }
      ConfigMap configMap = configMaps.apply(location.configMap());
      if (configMap == null) {
        problems.add(id + ": ConfigMap '" + location.configMap() + "' not found");
      } else if (configMap.getData() == null || !configMap.getData().containsKey(location.key())) {
        problems.add(id + ": ConfigMap '" + location.configMap() + "' has no key '" + location.key() + "'");
      }
      if (!configMapsUsed(pod).contains(location.configMap())) {
        problems.add(id + ": the Deployment does not use ConfigMap '" + location.configMap() + "' (env, envFrom or volume)");
      }
    } else {
      if (app.container() != null) {
        container(app, pod, problems);
      }
      Secret secret = secrets.apply(location.secret());
      if (secret == null) {
        problems.add(id + ": Secret '" + location.secret() + "' not found");
      } else if (!hasKey(secret, location.key())) {
        problems.add(id + ": Secret '" + location.secret() + "' has no key '" + location.key() + "'");
      }
      if (!secretsUsed(pod).contains(location.secret())) {
        problems.add(id + ": the Deployment does not use Secret '" + location.secret() + "' (env, envFrom or volume)");
      }
    }
  }

  /** The container the plan names, or the only one when it names none. */
  static Container container(AppRef app, PodSpec pod, List<String> problems) {
    List<Container> containers = pod.getContainers();
    if (app.container() == null) {
      if (containers.size() == 1) {
        return containers.get(0);
      }
      problems.add(app.id() + ": the plan names no container and the Deployment has " + containers.size()
          + " (" + names(containers) + ")");
      return null;
    }
    return containers.stream()
        .filter(container -> app.container().equals(container.getName()))
        .findFirst()
        .orElseGet(() -> {
          problems.add(app.id() + ": container '" + app.container() + "' not found (containers: " + names(containers) + ")");
          return null;
        });
  }

  static EnvVar envVar(Container container, String name) {
    if (container.getEnv() == null) {
      return null;
    }
    return container.getEnv().stream().filter(variable -> name.equals(variable.getName())).findFirst().orElse(null);
  }

  static boolean hasKey(Secret secret, String key) {
    return (secret.getData() != null && secret.getData().containsKey(key))
        || (secret.getStringData() != null && secret.getStringData().containsKey(key));
  }

  private static boolean namesExactlyOneLocation(ConfigLocation location) {
    if (location == null) {
      return false;
    }
    boolean env = location.env() != null && !location.env().isBlank();
    boolean configMap = location.configMap() != null && !location.configMap().isBlank();
    boolean secret = location.secret() != null && !location.secret().isBlank();
    boolean key = location.key() != null && !location.key().isBlank();
    return env ? !configMap && !secret : (configMap ^ secret) && key;
  }

  private static List<String> configMapsUsed(PodSpec pod) {
    Stream<String> fromContainers = allContainers(pod).flatMap(container -> Stream.concat(
        envFrom(container).map(EnvFromSource::getConfigMapRef).filter(Objects::nonNull).map(ref -> ref.getName()),
        env(container).map(variable -> variable.getValueFrom() == null ? null : variable.getValueFrom().getConfigMapKeyRef())
            .filter(Objects::nonNull).map(ref -> ref.getName())));
    Stream<String> fromVolumes = volumes(pod).flatMap(volume -> Stream.concat(
        Stream.ofNullable(volume.getConfigMap()).map(source -> source.getName()),
        projections(volume).map(VolumeProjection::getConfigMap).filter(Objects::nonNull).map(source -> source.getName())));
    return Stream.concat(fromContainers, fromVolumes).collect(Collectors.toList());
  }

  private static List<String> secretsUsed(PodSpec pod) {
    Stream<String> fromContainers = allContainers(pod).flatMap(container -> Stream.concat(
        envFrom(container).map(EnvFromSource::getSecretRef).filter(Objects::nonNull).map(ref -> ref.getName()),
        env(container).map(variable -> variable.getValueFrom() == null ? null : variable.getValueFrom().getSecretKeyRef())
            .filter(Objects::nonNull).map(ref -> ref.getName())));
    Stream<String> fromVolumes = volumes(pod).flatMap(volume -> Stream.concat(
        Stream.ofNullable(volume.getSecret()).map(source -> source.getSecretName()),
        projections(volume).map(VolumeProjection::getSecret).filter(Objects::nonNull).map(source -> source.getName())));
    return Stream.concat(fromContainers, fromVolumes).collect(Collectors.toList());
  }

  private static Stream<Container> allContainers(PodSpec pod) {
    return Stream.concat(stream(pod.getInitContainers()), stream(pod.getContainers()));
  }

  private static Stream<EnvFromSource> envFrom(Container container) {
    return stream(container.getEnvFrom());
  }

  private static Stream<EnvVar> env(Container container) {
    return stream(container.getEnv());
  }

  private static Stream<Volume> volumes(PodSpec pod) {
    return stream(pod.getVolumes());
  }

  private static Stream<VolumeProjection> projections(Volume volume) {
    return volume.getProjected() == null ? Stream.empty() : stream(volume.getProjected().getSources());
  }

  private static <T> Stream<T> stream(List<T> list) {
    return list == null ? Stream.empty() : list.stream();
  }

  private static String names(List<Container> containers) {
    return containers.stream().map(Container::getName).collect(Collectors.joining(", "));
  }
}
