package dev.runbook.testkit.browser;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * The SVG charts of a page as Chromium parsed them ({@link HeadlessChromium#dumpDom}): each chart's
 * title, how many of its paths have drawing commands, how many of its rectangles have an area, and
 * its text labels; and how many pixels of a screenshot carry a given colour.
 */
public record RenderedCharts(List<Chart> charts) {

  /** One {@code <svg>} element of the page. */
  public record Chart(String title, int drawnPaths, int drawnRects, List<String> texts) {}

  private static final Pattern SVG = Pattern.compile("<svg\\b[^>]*>(.*?)</svg>", Pattern.DOTALL);
  private static final Pattern TITLE = Pattern.compile("<title>([^<]*)</title>");
  private static final Pattern PATH = Pattern.compile("<path\\b[^>]*\\bd=\"([^\"]*)\"");
  private static final Pattern RECT = Pattern.compile("<rect\\b[^>]*\\bwidth=\"([0-9.]+)\"[^>]*\\bheight=\"([0-9.]+)\"");
  private static final Pattern TEXT = Pattern.compile("<text\\b[^>]*>([^<]*)</text>");

  public static RenderedCharts fromDom(String dom) {
    List<Chart> charts = new ArrayList<>();
    Matcher svg = SVG.matcher(dom);
    while (svg.find()) {
      String body = svg.group(1);
      Matcher title = TITLE.matcher(body);
      int paths = 0;
      for (Matcher path = PATH.matcher(body); path.find(); ) {
        // A drawn line or axis: a move followed by at least one drawing command.
        if (path.group(1).matches("(?s)\\s*M[^A-Za-z]+[LHVCQAZlhvcqaz].*")) {
          paths++;
        }
      }
      int rects = 0;
      for (Matcher rect = RECT.matcher(body); rect.find(); ) {
        if (Double.parseDouble(rect.group(1)) > 0 && Double.parseDouble(rect.group(2)) > 0) {
          rects++;
        }
      }
      List<String> texts = new ArrayList<>();
      for (Matcher text = TEXT.matcher(body); text.find(); ) {
        texts.add(unescape(text.group(1)));
      }
      charts.add(new Chart(title.find() ? unescape(title.group(1)) : "", paths, rects, texts));
    }
    return new RenderedCharts(charts);
  }

  /** The chart with this title; fails naming the titles there are. */
  public Chart titled(String title) {
    return charts.stream().filter(chart -> chart.title().startsWith(title)).findFirst().orElseThrow(() -> new AssertionError(
        "no chart titled '" + title + "'; charts: " + charts.stream().map(Chart::title).toList()));
  }

  /** Pixels of the image within {@code tolerance} of {@code rgb} on each channel. */
  public static long pixelsOfColour(Path png, int rgb, int tolerance) {
    try {
      BufferedImage image = ImageIO.read(png.toFile());
      long count = 0;
      for (int y = 0; y < image.getHeight(); y++) {
        for (int x = 0; x < image.getWidth(); x++) {
          int pixel = image.getRGB(x, y);
          if (close(pixel >> 16, rgb >> 16, tolerance) && close(pixel >> 8, rgb >> 8, tolerance) && close(pixel, rgb, tolerance)) {
            count++;
          }
        }
      }
      return count;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean close(int a, int b, int tolerance) {
    return Math.abs((a & 0xff) - (b & 0xff)) <= tolerance;
  }

  private static String unescape(String text) {
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
  }
}
