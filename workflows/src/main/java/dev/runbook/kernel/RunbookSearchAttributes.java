package dev.runbook.kernel;

import io.temporal.common.SearchAttributeKey;
import java.util.List;

/**
 * Search attributes that make runs findable in the Temporal UI list, e.g.
 * {@code RunbookAwaiting != ""} for every run waiting on a person. They must be registered on the
 * namespace ({@code temporal server start-dev --search-attribute RunbookPhase=Keyword ...}).
 */
public final class RunbookSearchAttributes {

  public static final SearchAttributeKey<String> PHASE = SearchAttributeKey.forKeyword("RunbookPhase");
  public static final SearchAttributeKey<String> AWAITING = SearchAttributeKey.forKeyword("RunbookAwaiting");
  public static final SearchAttributeKey<String> STATUS = SearchAttributeKey.forKeyword("RunbookStatus");

  /** All of them, for registration. */
  public static final List<SearchAttributeKey<String>> ALL = List.of(PHASE, AWAITING, STATUS);

  private RunbookSearchAttributes() {}
}
