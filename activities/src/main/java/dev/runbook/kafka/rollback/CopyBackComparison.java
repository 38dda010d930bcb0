package dev.runbook.kafka.rollback;

import dev.runbook.kafka.offsets.LogRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * One partition's copy-back, compared: the records written on the target since the reverse flow
 * started ({@code written}, in offset order) against the records the reverse flow wrote to the source
 * since then ({@code copies}). Each copy is the next written record (copied), a second copy of one
 * already copied (a duplicate: MirrorMaker 2 delivers at least once), or neither: then the copies
 * skipped a written record or hold one the target never had, and waiting cannot mend it.
 */
public record CopyBackComparison(int copied, int stillToCopy, List<LogRecord> duplicates, String broken) {

  public static CopyBackComparison of(List<LogRecord> written, List<LogRecord> copies) {
    int next = 0;
    Set<String> alreadyCopied = new HashSet<>();
    List<LogRecord> duplicates = new ArrayList<>();
    for (LogRecord copy : copies) {
      if (next < written.size() && written.get(next).sameContentAs(copy)) {
        alreadyCopied.add(identity(copy));
        next++;
      } else if (alreadyCopied.contains(identity(copy))) {
        duplicates.add(copy);
      } else {
        String skipped = next < written.size() ? " while the next record to copy is target " + written.get(next).describe() : "";
        return new CopyBackComparison(next, written.size() - next, duplicates,
            "source " + copy.describe() + " is not the next record written on the target" + skipped);
      }
    }
    return new CopyBackComparison(next, written.size() - next, duplicates, null);
  }

  private static String identity(LogRecord record) {
    return record.timestamp() + ":" + HexFormat.of().formatHex(record.digest());
  }
}
