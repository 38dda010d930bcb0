package dev.runbook.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runbook.activity.Heartbeat;
import dev.runbook.activity.PollingWait;
import dev.runbook.activity.PollingWait.Poll;
import dev.runbook.kernel.FailureType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.net.HttpURLConnection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Create-or-adopt for Kubernetes resources, safe to repeat: a missing resource is created; an
 * existing one is adopted and, only when its content lacks what is wanted, updated with optimistic
 * locking (fields the server added, such as defaults, are left alone). Works on any API server,
 * including fabric8's mock, which has no server-side apply.
 */
public final class ResourceConvergence {

  private static final Logger log = LoggerFactory.getLogger(ResourceConvergence.class);
  private static final int UPDATE_ATTEMPTS = 5;

  private final KubernetesClient client;

  public ResourceConvergence(KubernetesClient client) {
    this.client = client;
  }

  /** What {@link #apply} did. */
  public enum Outcome {
    CREATED,
    UPDATED,
    UNCHANGED
  }

  /**
   * Makes the stored resource carry {@code desired}'s content (as read by {@code content} and
   * written by {@code copyContent}), labels and annotations.
   */
  public <T extends HasMetadata> Outcome apply(
      MixedOperation<T, ?, Resource<T>> operation, T desired, Function<T, Object> content, BiConsumer<T, T> copyContent) {
    var resources = operation.inNamespace(desired.getMetadata().getNamespace());
    for (int attempt = 1; ; attempt++) {
      T current = resources.withName(desired.getMetadata().getName()).get();
      try {
        if (current == null) {
          resources.resource(desired).create();
          log.info("created {} {}", desired.getKind(), describe(desired));
          return Outcome.CREATED;
        }
        if (current.isMarkedForDeletion()) {
          throw FailureType.RESOURCE_BEING_DELETED.failure(desired.getKind() + " " + describe(desired)
              + " is being deleted; it can be created again once it is gone");
        }
        if (contains(current, desired, content)) {
          return Outcome.UNCHANGED;
        }
        copyContent.accept(desired, current);
        current.getMetadata().setLabels(merged(current.getMetadata().getLabels(), desired.getMetadata().getLabels()));
        current.getMetadata().setAnnotations(
            merged(current.getMetadata().getAnnotations(), desired.getMetadata().getAnnotations()));
        resources.resource(current).update();
        log.info("adopted and updated {} {}", desired.getKind(), describe(desired));
        return Outcome.UPDATED;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == UPDATE_ATTEMPTS) {
          throw e;
        }
        log.info("{} {} changed while converging it (attempt {}); reading it again", desired.getKind(), describe(desired), attempt);
      }
    }
  }

  /**
   * Deletes the named resource (nothing to do when it is already gone) and waits
   * until the API no longer returns it (finalizers done).
   */
  public <T extends HasMetadata> void deleteAndAwaitGone(
      MixedOperation<T, ?, Resource<T>> operation, String kind, String namespace, String name, PollingWait wait, Heartbeat heartbeat) {
    Resource<T> resource = operation.inNamespace(namespace).withName(name);
    resource.delete();
    wait.until("deletion of " + kind + " " + namespace + "/" + name,
        () -> resource.get() == null ? Poll.done(Boolean.TRUE) : Poll.pending("still present"), heartbeat);
  }

  public static String describe(HasMetadata resource) {
    return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
  }

  private <T extends HasMetadata> boolean contains(T current, T desired, Function<T, Object> content) {
    var serialization = client.getKubernetesSerialization();
    JsonNode have = serialization.convertValue(content.apply(current), JsonNode.class);
    JsonNode want = serialization.convertValue(content.apply(desired), JsonNode.class);
    return contains(have, want)
        && containsEntries(current.getMetadata().getLabels(), desired.getMetadata().getLabels())
        && containsEntries(current.getMetadata().getAnnotations(), desired.getMetadata().getAnnotations());
  }

  /** True when every field of {@code want} is in {@code have} with the same value; arrays compare whole. */
  static boolean contains(JsonNode have, JsonNode want) {
    if (want == null || want.isNull()) {
      return true;
    }
    if (have == null || !want.isObject()) {
      return Objects.equals(normalized(have), normalized(want));
    }
    if (!have.isObject()) {
      return false;
    }
    for (Iterator<Map.Entry<String, JsonNode>> fields = want.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (!contains(have.get(field.getKey()), field.getValue())) {
        return false;
      }
    }
    return true;
  }

  /** Numbers and booleans compare by text: an API server may hand back "3" for 3 in free-form maps. */
  private static Object normalized(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    return node.isValueNode() ? node.asText() : node;
  }

  private static boolean containsEntries(Map<String, String> have, Map<String, String> want) {
    return want == null || want.isEmpty() || (have != null && have.entrySet().containsAll(want.entrySet()));
  }

  private static Map<String, String> merged(Map<String, String> current, Map<String, String> wanted) {
    Map<String, String> merged = new LinkedHashMap<>();
    if (current != null) {
      merged.putAll(current);
    }
    if (wanted != null) {
      merged.putAll(wanted);
    }
    return merged;
  }
}
