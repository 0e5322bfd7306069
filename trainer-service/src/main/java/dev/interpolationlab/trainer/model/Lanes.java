package dev.interpolationlab.trainer.model;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vectors the two-layer kernels compute with, and the rule that keeps their results independent of them: every
 * sum across lanes is a sum over {@value #LOGICAL} logical lanes (lane l takes the terms whose index is l mod
 * {@value #LOGICAL}, in order), added in a fixed tree. The machine's vector ({@link #WIDTH} doubles, at most
 * {@value #LOGICAL}) only decides how many logical lanes one pass covers: wider is faster and changes no bit.
 */
final class Lanes {

    static final int LOGICAL = 8;
    static final VectorSpecies<Double> SPECIES = VectorSpecies.of(double.class,
            VectorShape.forBitSize(Double.SIZE * Math.min(LOGICAL, DoubleVector.SPECIES_PREFERRED.length())));
    static final int WIDTH = SPECIES.length();

    private Lanes() {
    }

    /** The {@value #LOGICAL} logical lanes stored from {@code offset}, summed in a fixed tree. */
    static double sum(double[] lanes, int offset) {
        return ((lanes[offset] + lanes[offset + 1]) + (lanes[offset + 2] + lanes[offset + 3]))
                + ((lanes[offset + 4] + lanes[offset + 5]) + (lanes[offset + 6] + lanes[offset + 7]));
    }

    /**
     * v where z &gt; 0 and 0 elsewhere, ReLU's derivative applied to v, by bits: z &gt; 0 exactly when its bit pattern
     * read as a signed integer is at least 1 (−0.0 is the most negative one), so ((bits − 1) | bits) &gt;&gt; 63 is all
     * ones where z ≤ 0. A compare and blend gives the same lanes but, on Java 17 with 512-bit vectors, ran the fused
     * kernel's backward pass several times slower.
     */
    static DoubleVector wherePositive(DoubleVector v, DoubleVector z) {
        LongVector bits = z.reinterpretAsLongs();
        LongVector notPositive = bits.sub(1L).or(bits).lanewise(VectorOperators.ASHR, 63);
        return v.reinterpretAsLongs().lanewise(VectorOperators.AND_NOT, notPositive).reinterpretAsDoubles();
    }
}
