package dev.interpolationlab.cli.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotTest {

    /** The plot area of a 900×560 figure: 90 px from the left, 230 from the right, 50 from the top, 70 from the bottom. */
    private static final int LEFT = 90;
    private static final int TOP = 50;
    private static final int WIDTH = 900 - 90 - 230;
    private static final int HEIGHT = 560 - 50 - 70;

    @Test
    void pointsLandWhereTheLogAxesPutThem(@TempDir Path dir) throws Exception {
        // x over 1 … 1000 and y over 0.01 … 1 fill whole decades, so the axes span exactly those ranges
        Plot plot = new Plot("test", "x", "y").logX().logY()
                .add("points", new double[] {1, 10, 1000, -5, 100}, new double[] {0.01, 0.1, 1, 0.5, 0}, Plot.Style.POINTS, Color.RED);
        assertEquals(3, plot.drawablePoints(), "a negative x and a zero y have no place on log axes");
        Path png = dir.resolve("log.png");
        plot.write(png);
        BufferedImage image = ImageIO.read(png.toFile());
        // (10, 0.1) is one third of the way along x (1 of 3 decades) and half way up y (1 of 2 decades)
        assertRed(image, LEFT + WIDTH / 3, TOP + HEIGHT / 2);
        assertRed(image, LEFT + WIDTH, TOP);
        // nothing red half way between the points
        assertTrue(!isRed(image.getRGB(LEFT + WIDTH / 2, TOP + HEIGHT / 4)), "empty between the points");
    }

    @Test
    void aFixedRangeAndALinearAxisPlaceValuesProportionally(@TempDir Path dir) throws Exception {
        Plot plot = new Plot("test", "x", "y").yRange(0, 1)
                .add("line", new double[] {0, 10}, new double[] {0.25, 0.25}, Plot.Style.LINE, Color.RED);
        Path png = dir.resolve("linear.png");
        plot.write(png);
        BufferedImage image = ImageIO.read(png.toFile());
        // y = 0.25 on [0, 1] is a quarter of the way up; the line spans the middle of the padded x range
        assertRed(image, LEFT + WIDTH / 2, TOP + HEIGHT - HEIGHT / 4);
        assertTrue(!isRed(image.getRGB(LEFT + WIDTH / 2, TOP + HEIGHT / 2)), "nothing at y = 0.5");
    }

    private static void assertRed(BufferedImage image, int x, int y) {
        for (int dx = -2; dx <= 2; dx++) {
            for (int dy = -2; dy <= 2; dy++) {
                if (isRed(image.getRGB(x + dx, y + dy))) {
                    return;
                }
            }
        }
        throw new AssertionError("no red pixel within 2 px of (" + x + ", " + y + ")");
    }

    private static boolean isRed(int rgb) {
        return ((rgb >> 16) & 0xff) > 200 && ((rgb >> 8) & 0xff) < 80 && (rgb & 0xff) < 80;
    }
}
