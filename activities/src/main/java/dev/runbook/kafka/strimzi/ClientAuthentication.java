package dev.runbook.kafka.strimzi;

/**
 * How clients (apps and MirrorMaker 2) prove who they are to the target cluster's plan listener.
 * {@code SCRAM_SHA_512} and {@code TLS} also switch on simple authorization, so the KafkaUsers'
 * ACLs apply; {@code NONE} is for a lab whose brokers have no client authentication.
 */
public enum ClientAuthentication {
  NONE,
  SCRAM_SHA_512,
  TLS
}
