package dev.interpolationlab.core.sweep;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.interpolationlab.proto.v1.GridValue;
import java.util.List;

/**
 * One point of a sweep's grid.
 *
 * @param coordinates the swept values, in the order the grid lists its axes
 * @param spec        the normalised spec with those values applied
 */
public record GridPoint(List<GridValue> coordinates, ObjectNode spec) {
}
