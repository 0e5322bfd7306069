package dev.interpolationlab.cli.reproduce;

import java.util.Locale;

/**
 * One expected outcome of a reference experiment held against the measurement.
 *
 * @param what     the quantity, in words ("final MSE, balanced λ = 1e-3")
 * @param expected the expectation with its tolerance, as science.md states it
 * @param measured what the lab measured
 */
record Check(String what, String expected, String measured, boolean pass) {

    /** |measured − target| ≤ tolerance. */
    static Check near(String what, double measured, double target, double tolerance) {
        return new Check(what, number(target) + " ± " + number(tolerance), number(measured),
                Double.isFinite(measured) && Math.abs(measured - target) <= tolerance);
    }

    /** |measured − target| ≤ relative·|target|. */
    static Check relative(String what, double measured, double target, double relative) {
        return new Check(what, number(target) + " within " + Math.round(relative * 100) + "%", number(measured),
                Double.isFinite(measured) && Math.abs(measured - target) <= relative * Math.abs(target));
    }

    static Check atMost(String what, double measured, double bound) {
        return new Check(what, "≤ " + number(bound), number(measured), measured <= bound);
    }

    static Check below(String what, double measured, double bound) {
        return new Check(what, "< " + number(bound), number(measured), measured < bound);
    }

    static Check atLeast(String what, double measured, double bound) {
        return new Check(what, "≥ " + number(bound), number(measured), measured >= bound);
    }

    static Check above(String what, double measured, double bound) {
        return new Check(what, "> " + number(bound), number(measured), measured > bound);
    }

    /** A number as a reader wants it in a table: 4 significant digits, plain where that is short. */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        if (value == 0 || (Math.abs(value) >= 1e-3 && Math.abs(value) < 1e5)) {
            String text = String.format(Locale.ROOT, "%.4g", value);
            return text.contains(".") && !text.contains("e") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
        }
        return String.format(Locale.ROOT, "%.3e", value);
    }
}
