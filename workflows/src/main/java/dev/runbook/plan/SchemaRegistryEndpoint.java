package dev.runbook.plan;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How to reach a Schema Registry, credentials by reference only: {@code username} and
 * {@code password} are sent as HTTP basic auth (on Confluent Cloud, the API key and secret).
 *
 * @param url for {@code kind: confluent} (and every source) the root of the Confluent API, e.g.
 *     {@code https://psrc-1.eu-west-1.aws.confluent.cloud}; for {@code kind: apicurio} the registry's
 *     root (its Confluent API is {@code <url>/apis/ccompat/v7})
 * @param kind what the target is; a source is always read through Confluent's API
 */
public record SchemaRegistryEndpoint(String url, Kind kind, SecretRef username, SecretRef password) {

  /** The Confluent-compatible API of an Apicurio registry whose root is {@code root}. */
  public static String apicurioConfluentApi(String root) {
    return root.replaceAll("/+$", "") + "/apis/ccompat/v7";
  }

  /** Where Confluent's API of this registry is (what Confluent's serdes take as {@code schema.registry.url}). */
  public String confluentApiUrl() {
    return kind == Kind.APICURIO ? apicurioConfluentApi(url) : url;
  }

  /** Whether the registry is reached with credentials. */
  public boolean authenticated() {
    return username != null || password != null;
  }

  /** The two kinds of target: how schemas are written with their IDs preserved. */
  public enum Kind {
    /** Confluent Schema Registry, or any server with its API and IMPORT mode. */
    @JsonProperty("confluent") CONFLUENT,
    /** Apicurio Registry 3, through its admin import. */
    @JsonProperty("apicurio") APICURIO
  }
}
