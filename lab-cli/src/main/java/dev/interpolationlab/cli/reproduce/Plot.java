package dev.interpolationlab.cli.reproduce;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A line-and-point chart of measured data, drawn with Java2D into a PNG (no display, no browser): the figures of
 * REPRODUCTION.md. Linear or logarithmic axes; non-finite values, and non-positive ones on a log axis, are left out.
 */
final class Plot {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    enum Style { LINE, DASHED, POINTS, LINE_POINTS }

    record Series(String label, double[] x, double[] y, Style style, Color colour) {
    }

    /** Colour-blind-safe (Okabe–Ito), in the order series are added. */
    static final Color[] PALETTE = {new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7),
            new Color(0xE69F00), new Color(0x56B4E9), new Color(0x000000), new Color(0xF0E442)};

    private static final int WIDTH = 900;
    private static final int HEIGHT = 560;
    private static final int LEFT = 90;
    private static final int RIGHT = 230;
    private static final int TOP = 50;
    private static final int BOTTOM = 70;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private boolean logX;
    private boolean logY;
    private double[] yRange;
    private boolean equalAspect;

    Plot(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    Plot logX() {
        logX = true;
        return this;
    }

    Plot logY() {
        logY = true;
        return this;
    }

    Plot yRange(double low, double high) {
        yRange = new double[] {low, high};
        return this;
    }

    /** One unit on x is as long as one on y: for polar scatter plots. */
    Plot equalAspect() {
        equalAspect = true;
        return this;
    }

    Plot add(String label, double[] x, double[] y, Style style) {
        return add(label, x, y, style, PALETTE[series.size() % PALETTE.length]);
    }

    Plot add(String label, double[] x, double[] y, Style style, Color colour) {
        if (x.length != y.length) {
            throw new IllegalArgumentException(label + ": " + x.length + " x values but " + y.length + " y values");
        }
        series.add(new Series(label, x, y, style, colour));
        return this;
    }

    /** The number of points that a log or linear axis can show; a figure without any is not worth writing. */
    int drawablePoints() {
        int count = 0;
        for (Series s : series) {
            for (int i = 0; i < s.x.length; i++) {
                count += drawable(s.x[i], logX) && drawable(s.y[i], logY) ? 1 : 0;
            }
        }
        return count;
    }

    void write(Path png) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            draw(g);
        } finally {
            g.dispose();
        }
        try {
            Files.createDirectories(png.toAbsolutePath().getParent());
            ImageIO.write(image, "png", png.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png, e);
        }
    }

    private void draw(Graphics2D g) {
        Axis x = Axis.fit(series.stream().map(Series::x).toList(), logX, null);
        Axis y = Axis.fit(series.stream().map(Series::y).toList(), logY, yRange);
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        if (equalAspect && !logX && !logY) {
            double unitsPerPixel = Math.max((x.high - x.low) / plotWidth, (y.high - y.low) / plotHeight);
            x = x.widenedTo(unitsPerPixel * plotWidth);
            y = y.widenedTo(unitsPerPixel * plotHeight);
        }
        Frame frame = new Frame(LEFT, TOP, plotWidth, plotHeight, x, y);

        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
        g.setColor(Color.BLACK);
        g.drawString(title, LEFT, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        for (double tick : x.ticks()) {
            int px = (int) Math.round(frame.px(tick));
            g.setColor(new Color(0xE5E5E5));
            g.drawLine(px, TOP, px, TOP + plotHeight);
            g.setColor(Color.DARK_GRAY);
            String text = x.label(tick);
            g.drawString(text, px - g.getFontMetrics().stringWidth(text) / 2, TOP + plotHeight + 18);
        }
        for (double tick : y.ticks()) {
            int py = (int) Math.round(frame.py(tick));
            g.setColor(new Color(0xE5E5E5));
            g.drawLine(LEFT, py, LEFT + plotWidth, py);
            g.setColor(Color.DARK_GRAY);
            String text = y.label(tick);
            g.drawString(text, LEFT - 8 - g.getFontMetrics().stringWidth(text), py + 5);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, plotWidth, plotHeight);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        g.drawString(xLabel, LEFT + (plotWidth - g.getFontMetrics().stringWidth(xLabel)) / 2, HEIGHT - 25);
        AffineTransform upright = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, -(TOP + (plotHeight + g.getFontMetrics().stringWidth(yLabel)) / 2), 25);
        g.setTransform(upright);

        g.setClip(LEFT, TOP, plotWidth + 1, plotHeight + 1);
        series.forEach(s -> drawSeries(g, frame, s));
        g.setClip(null);
        drawLegend(g, LEFT + plotWidth + 15, TOP);
    }

    private void drawSeries(Graphics2D g, Frame frame, Series s) {
        g.setColor(s.colour);
        if (s.style != Style.POINTS) {
            g.setStroke(s.style == Style.DASHED
                    ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {7f, 5f}, 0f)
                    : new BasicStroke(2f));
            Path2D.Double line = new Path2D.Double();
            boolean pen = false;
            for (int i = 0; i < s.x.length; i++) {
                if (!drawable(s.x[i], logX) || !drawable(s.y[i], logY)) {
                    pen = false;
                    continue;
                }
                double px = frame.px(s.x[i]);
                double py = frame.py(s.y[i]);
                if (pen) {
                    line.lineTo(px, py);
                } else {
                    line.moveTo(px, py);
                    pen = true;
                }
            }
            g.draw(line);
            g.setStroke(new BasicStroke(1f));
        }
        if (s.style == Style.POINTS || s.style == Style.LINE_POINTS) {
            double radius = s.x.length > 400 ? 2.0 : 4.0;
            for (int i = 0; i < s.x.length; i++) {
                if (drawable(s.x[i], logX) && drawable(s.y[i], logY)) {
                    g.fill(new Ellipse2D.Double(frame.px(s.x[i]) - radius, frame.py(s.y[i]) - radius, 2 * radius, 2 * radius));
                }
            }
        }
    }

    private void drawLegend(Graphics2D g, int left, int top) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int y = top + 12;
        for (Series s : series) {
            if (s.label == null || s.label.isEmpty()) {
                continue;
            }
            g.setColor(s.colour);
            if (s.style == Style.POINTS) {
                g.fillOval(left + 8, y - 8, 8, 8);
            } else {
                g.setStroke(s.style == Style.DASHED
                        ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {5f, 4f}, 0f)
                        : new BasicStroke(2f));
                g.drawLine(left, y - 4, left + 24, y - 4);
                g.setStroke(new BasicStroke(1f));
            }
            g.setColor(Color.BLACK);
            for (String line : wrap(s.label, 24)) {
                g.drawString(line, left + 32, y);
                y += 15;
            }
            y += 4;
        }
    }

    private static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        lines.add(line.toString());
        return lines;
    }

    private static boolean drawable(double value, boolean log) {
        return Double.isFinite(value) && (!log || value > 0);
    }

    /** Data coordinates to pixels. */
    private record Frame(int left, int top, int width, int height, Axis x, Axis y) {
        double px(double value) {
            return left + x.fraction(value) * width;
        }

        double py(double value) {
            return top + height - y.fraction(value) * height;
        }
    }

    /** One axis: its range (in log10 units on a log axis) and its ticks. */
    private record Axis(double low, double high, boolean log) {

        static Axis fit(List<double[]> values, boolean log, double[] fixed) {
            if (fixed != null) {
                return log ? new Axis(Math.log10(fixed[0]), Math.log10(fixed[1]), true) : new Axis(fixed[0], fixed[1], false);
            }
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double[] column : values) {
                for (double v : column) {
                    if (drawable(v, log)) {
                        double t = log ? Math.log10(v) : v;
                        min = Math.min(min, t);
                        max = Math.max(max, t);
                    }
                }
            }
            if (min > max) {
                return new Axis(0, 1, log);
            }
            if (log) {
                double low = Math.floor(min);
                return new Axis(low, Math.max(Math.ceil(max), low + 1), true);
            }
            double pad = max > min ? 0.05 * (max - min) : Math.max(Math.abs(max) * 0.1, 1.0);
            return new Axis(min - pad, max + pad, false);
        }

        Axis widenedTo(double span) {
            double middle = (low + high) / 2;
            return new Axis(middle - span / 2, middle + span / 2, log);
        }

        double fraction(double value) {
            double t = log ? Math.log10(value) : value;
            return (t - low) / (high - low);
        }

        List<Double> ticks() {
            List<Double> ticks = new ArrayList<>();
            if (log) {
                int decades = (int) Math.round(high - low);
                int stride = Math.max(1, (int) Math.ceil(decades / 8.0));
                double[] within = decades <= 2 ? new double[] {1, 2, 5} : new double[] {1};
                for (int k = (int) Math.floor(low); k <= Math.ceil(high); k += stride) {
                    for (double m : within) {
                        double value = m * Math.pow(10, k);
                        double t = Math.log10(value);
                        if (t >= low - 1e-9 && t <= high + 1e-9) {
                            ticks.add(value);
                        }
                    }
                }
                return ticks;
            }
            double step = niceStep((high - low) / 6);
            for (double v = Math.ceil(low / step) * step; v <= high + 1e-9 * step; v += step) {
                ticks.add(Math.abs(v) < 1e-12 * step ? 0.0 : v);
            }
            return ticks;
        }

        String label(double value) {
            if (log) {
                int exponent = (int) Math.floor(Math.log10(value) + 1e-9);
                double mantissa = value / Math.pow(10, exponent);
                if (exponent >= 0 && exponent <= 4) {
                    return Long.toString(Math.round(value));
                }
                if (exponent >= -2) {
                    return trim(value);
                }
                return (Math.abs(mantissa - 1) < 1e-9 ? "" : trim(mantissa) + "·") + "1e" + exponent;
            }
            return trim(value);
        }

        private static String trim(double value) {
            String text = String.format(java.util.Locale.ROOT, "%.4g", value);
            if (text.contains("e")) {
                return text;
            }
            return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
        }

        private static double niceStep(double rough) {
            double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
            double scaled = rough / magnitude;
            return (scaled < 1.5 ? 1 : scaled < 3.5 ? 2 : scaled < 7.5 ? 5 : 10) * magnitude;
        }
    }
}
