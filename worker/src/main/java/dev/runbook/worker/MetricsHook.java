package dev.runbook.worker;

import com.uber.m3.tally.NoopScope;
import com.uber.m3.tally.Scope;

/**
 * Where the worker's metrics go: the Temporal SDK's own metrics through a tally {@link Scope}.
 * {@link #NONE} when no metrics backend is configured.
 */
public interface MetricsHook extends AutoCloseable {

  MetricsHook NONE = new MetricsHook() {
    @Override
    public Scope temporalScope() {
      return new NoopScope();
    }

    @Override
    public void close() {}
  };

  Scope temporalScope();

  @Override
  void close();
}
