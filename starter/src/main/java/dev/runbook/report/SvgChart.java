package dev.runbook.report;

import java.util.List;
import java.util.Locale;

/**
 * The report's charts as standalone SVG (no script, no fonts to fetch), drawn from plain numbers:
 * lines over time, grouped vertical bars, horizontal bars and a timeline. Every chart has a
 * {@code <title>}, axis labels and a legend as SVG text, so what it shows can be read (and tested)
 * without looking at it.
 */
final class SvgChart {

  /** A point of a line: x in the chart's unit (seconds, ...), y a count. */
  record Point(double x, double y) {}

  /** One line, with its legend name. */
  record Series(String name, List<Point> points) {}

  /** One category of a grouped bar chart: a value per series, in the order of the series names. */
  record BarGroup(String label, List<Double> values) {}

  /** One horizontal bar. */
  record Bar(String label, double value) {}

  /** One span of a timeline row, from {@code start} to {@code end} (seconds), coloured by {@code kind}. */
  record Span(String row, double start, double end, String kind) {}

  static final int WIDTH = 760;
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int TOP = 36;
  private static final int BOTTOM = 56;
  private static final String[] COLOURS = {"#2563eb", "#dc2626", "#16a34a", "#d97706", "#7c3aed", "#0891b2", "#db2777"};

  private SvgChart() {}

  static String lines(String title, String xLabel, String yLabel, List<Series> series) {
    int height = 300;
    double maxX = series.stream().flatMap(s -> s.points().stream()).mapToDouble(Point::x).max().orElse(1);
    double maxY = niceMax(series.stream().flatMap(s -> s.points().stream()).mapToDouble(Point::y).max().orElse(1));
    Plot plot = new Plot(height, Math.max(maxX, 1e-9), maxY);
    StringBuilder svg = open(title, height);
    plot.axes(svg, xLabel, yLabel);
    for (int i = 0; i < series.size(); i++) {
      StringBuilder d = new StringBuilder();
      for (Point p : series.get(i).points()) {
        d.append(d.isEmpty() ? "M" : " L").append(fmt(plot.x(p.x()))).append(' ').append(fmt(plot.y(p.y())));
      }
      if (series.get(i).points().size() == 1) {
        d.append(" h2");
      }
      svg.append("<path class=\"series\" data-series=\"").append(Html.escape(series.get(i).name())).append("\" d=\"").append(d)
          .append("\" fill=\"none\" stroke=\"").append(colour(i)).append("\" stroke-width=\"2\"/>\n");
    }
    legend(svg, series.stream().map(Series::name).toList());
    return close(svg);
  }

  static String groupedBars(String title, String yLabel, List<String> seriesNames, List<BarGroup> groups) {
    int height = 320;
    double maxY = niceMax(groups.stream().flatMap(g -> g.values().stream()).mapToDouble(Double::doubleValue).max().orElse(1));
    Plot plot = new Plot(height, groups.size(), maxY);
    StringBuilder svg = open(title, height);
    plot.axes(svg, null, yLabel);
    double slot = plot.plotWidth() / groups.size();
    double barWidth = Math.max(1, slot * 0.8 / seriesNames.size());
    for (int g = 0; g < groups.size(); g++) {
      BarGroup group = groups.get(g);
      for (int s = 0; s < group.values().size(); s++) {
        double value = group.values().get(s);
        double x = LEFT + g * slot + slot * 0.1 + s * barWidth;
        svg.append("<rect class=\"bar\" x=\"").append(fmt(x)).append("\" y=\"").append(fmt(plot.y(value)))
            .append("\" width=\"").append(fmt(barWidth)).append("\" height=\"").append(fmt(plot.y(0) - plot.y(value)))
            .append("\" fill=\"").append(colour(s)).append("\"><title>").append(Html.escape(group.label() + " "
                + seriesNames.get(s) + ": " + number(value))).append("</title></rect>\n");
      }
      double labelX = LEFT + g * slot + slot / 2;
      svg.append("<text class=\"category\" x=\"").append(fmt(labelX)).append("\" y=\"").append(height - BOTTOM + 14)
          .append("\" text-anchor=\"end\" transform=\"rotate(-35 ").append(fmt(labelX)).append(' ').append(height - BOTTOM + 14)
          .append(")\">").append(Html.escape(group.label())).append("</text>\n");
    }
    legend(svg, seriesNames);
    return close(svg);
  }

  static String horizontalBars(String title, String unit, List<Bar> bars) {
    int rowHeight = 28;
    int height = TOP + bars.size() * rowHeight + 30;
    int left = 200;
    double max = niceMax(bars.stream().mapToDouble(Bar::value).max().orElse(1));
    double width = WIDTH - left - RIGHT - 80;
    StringBuilder svg = open(title, height);
    for (int i = 0; i < bars.size(); i++) {
      Bar bar = bars.get(i);
      double y = TOP + i * rowHeight;
      double w = Math.max(1, bar.value() / max * width);
      svg.append("<text class=\"category\" x=\"").append(left - 8).append("\" y=\"").append(fmt(y + 17))
          .append("\" text-anchor=\"end\">").append(Html.escape(bar.label())).append("</text>\n");
      svg.append("<rect class=\"bar\" x=\"").append(left).append("\" y=\"").append(fmt(y + 4)).append("\" width=\"")
          .append(fmt(w)).append("\" height=\"").append(rowHeight - 8).append("\" fill=\"").append(colour(0)).append("\"/>\n");
      svg.append("<text class=\"value\" x=\"").append(fmt(left + w + 6)).append("\" y=\"").append(fmt(y + 17)).append("\">")
          .append(number(bar.value())).append(' ').append(Html.escape(unit)).append("</text>\n");
    }
    return close(svg);
  }

  static String timeline(String title, String xLabel, List<String> kinds, List<Span> spans) {
    List<String> rows = spans.stream().map(Span::row).distinct().toList();
    int rowHeight = 30;
    int height = TOP + rows.size() * rowHeight + BOTTOM;
    int left = 200;
    double max = spans.stream().mapToDouble(Span::end).max().orElse(1);
    double width = WIDTH - left - RIGHT;
    StringBuilder svg = open(title, height);
    double axisY = TOP + rows.size() * rowHeight;
    svg.append("<path class=\"axis\" d=\"M").append(left).append(' ').append(fmt(axisY)).append(" H").append(left + fmt(width))
        .append("\" stroke=\"#444\"/>\n");
    for (int t = 0; t <= 4; t++) {
      double x = left + width * t / 4;
      svg.append("<text class=\"tick\" x=\"").append(fmt(x)).append("\" y=\"").append(fmt(axisY + 16))
          .append("\" text-anchor=\"middle\">").append(number(max * t / 4)).append("</text>\n");
    }
    svg.append("<text class=\"axis-label\" x=\"").append(fmt(left + width / 2)).append("\" y=\"").append(fmt(axisY + 36))
        .append("\" text-anchor=\"middle\">").append(Html.escape(xLabel)).append("</text>\n");
    for (int r = 0; r < rows.size(); r++) {
      svg.append("<text class=\"category\" x=\"").append(left - 8).append("\" y=\"").append(TOP + r * rowHeight + 19)
          .append("\" text-anchor=\"end\">").append(Html.escape(rows.get(r))).append("</text>\n");
    }
    for (Span span : spans) {
      int r = rows.indexOf(span.row());
      double x = left + span.start() / max * width;
      double w = Math.max(1, (span.end() - span.start()) / max * width);
      svg.append("<rect class=\"span\" x=\"").append(fmt(x)).append("\" y=\"").append(TOP + r * rowHeight + 5)
          .append("\" width=\"").append(fmt(w)).append("\" height=\"").append(rowHeight - 10).append("\" fill=\"")
          .append(colour(kinds.indexOf(span.kind()))).append("\"><title>").append(Html.escape(span.row() + " " + span.kind()
              + ": " + number(span.start()) + " to " + number(span.end()))).append("</title></rect>\n");
    }
    legend(svg, kinds);
    return close(svg);
  }

  /** Scales and axes of a chart with x from 0 to maxX and y from 0 to maxY. */
  private record Plot(int height, double maxX, double maxY) {

    double plotWidth() {
      return WIDTH - LEFT - RIGHT;
    }

    double x(double value) {
      return LEFT + value / maxX * plotWidth();
    }

    double y(double value) {
      return height - BOTTOM - value / maxY * (height - TOP - BOTTOM);
    }

    void axes(StringBuilder svg, String xLabel, String yLabel) {
      svg.append("<path class=\"axis\" d=\"M").append(LEFT).append(' ').append(TOP).append(" V").append(height - BOTTOM)
          .append(" H").append(WIDTH - RIGHT).append("\" fill=\"none\" stroke=\"#444\"/>\n");
      for (int t = 0; t <= 4; t++) {
        double value = maxY * t / 4;
        svg.append("<text class=\"tick\" x=\"").append(LEFT - 6).append("\" y=\"").append(fmt(y(value) + 4))
            .append("\" text-anchor=\"end\">").append(number(value)).append("</text>\n");
        if (xLabel != null) {
          svg.append("<text class=\"tick\" x=\"").append(fmt(x(maxX * t / 4))).append("\" y=\"").append(height - BOTTOM + 16)
              .append("\" text-anchor=\"middle\">").append(number(maxX * t / 4)).append("</text>\n");
        }
      }
      if (xLabel != null) {
        svg.append("<text class=\"axis-label\" x=\"").append(fmt(LEFT + plotWidth() / 2)).append("\" y=\"").append(height - 20)
            .append("\" text-anchor=\"middle\">").append(Html.escape(xLabel)).append("</text>\n");
      }
      svg.append("<text class=\"axis-label\" x=\"14\" y=\"").append(fmt((TOP + height - BOTTOM) / 2.0))
          .append("\" text-anchor=\"middle\" transform=\"rotate(-90 14 ").append(fmt((TOP + height - BOTTOM) / 2.0)).append(")\">")
          .append(Html.escape(yLabel)).append("</text>\n");
    }
  }

  private static StringBuilder open(String title, int height) {
    return new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"").append(WIDTH)
        .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
        .append("\" role=\"img\" font-family=\"sans-serif\" font-size=\"12\">\n<title>").append(Html.escape(title))
        .append("</title>\n<text class=\"chart-title\" x=\"").append(LEFT).append("\" y=\"20\" font-weight=\"bold\">")
        .append(Html.escape(title)).append("</text>\n");
  }

  private static String close(StringBuilder svg) {
    return svg.append("</svg>\n").toString();
  }

  private static void legend(StringBuilder svg, List<String> names) {
    double x = WIDTH - RIGHT;
    for (int i = names.size() - 1; i >= 0; i--) {
      x -= 24 + names.get(i).length() * 7;
      svg.append("<rect class=\"legend\" x=\"").append(fmt(x)).append("\" y=\"10\" width=\"12\" height=\"12\" fill=\"")
          .append(colour(i)).append("\"/><text class=\"legend\" x=\"").append(fmt(x + 16)).append("\" y=\"20\">")
          .append(Html.escape(names.get(i))).append("</text>\n");
    }
  }

  private static String colour(int index) {
    return COLOURS[Math.floorMod(index, COLOURS.length)];
  }

  /** The axis maximum: the smallest 1, 2 or 5 times a power of ten at or above the data's maximum. */
  static double niceMax(double max) {
    if (max <= 0) {
      return 1;
    }
    double power = Math.pow(10, Math.floor(Math.log10(max)));
    for (double step : new double[] {1, 2, 5, 10}) {
      if (step * power >= max) {
        return step * power;
      }
    }
    return 10 * power;
  }

  static String number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return String.valueOf((long) value);
    }
    return String.format(Locale.ROOT, "%.1f", value);
  }

  private static String fmt(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }
}
