package dev.runbook.kafka.offsets;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts one {@link TwoClusters} for every test class that uses this extension and closes it when
 * the whole run ends, so the suite pays for cluster and MirrorMaker startup once.
 */
final class SharedTwoClusters implements BeforeAllCallback {

  private static final String KEY = TwoClusters.class.getName();

  private static TwoClusters clusters;

  @Override
  public void beforeAll(ExtensionContext context) {
    clusters = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(KEY, key -> TwoClusters.start(100), TwoClusters.class);
  }

  static TwoClusters clusters() {
    return clusters;
  }
}
