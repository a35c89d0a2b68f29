package dev.arbor.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The element-wise half of an LSTM step on the CPU, for fused inference loops (the ONNX plugin's): the
 * gate pre-activations of one batch entry to its new cell and hidden state, in vectors. The
 * exponentials and tanh are most of a step's time at the hidden sizes LSTMs have, and the Vector API
 * computes a vector of them in about the time {@code Math.tanh} takes for one.
 */
public final class LstmCells {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private LstmCells() {}

    /**
     * {@code c = f * c + i * tanh(g)}, {@code h = o * tanh(c)} with {@code i, o, f = sigmoid} of their
     * pre-activations, the gates in ONNX's order {@code i, o, f, c}.
     *
     * @param gates  the pre-activations, {@code 4 * hidden} from {@code row} in the order {@code iofc}
     * @param row    where this batch entry's gates start
     * @param cell   the cell state, {@code hidden} from {@code at}, updated in place
     * @param hidden the hidden state, {@code hidden} from {@code at}, written
     * @param at     where this batch entry's states start
     * @param size   the hidden size
     */
    public static void update(float[] gates, int row, float[] cell, float[] hidden, int at, int size) {
        int j = 0;
        // no helper takes or returns a vector: one that C2 does not inline boxes every vector it passes
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int bound = S.loopBound(size); j < bound; j += S.length()) {
            FloatVector i = one.div(FloatVector.fromArray(S, gates, row + j).neg().lanewise(VectorOperators.EXP).add(one));
            FloatVector o = one.div(FloatVector.fromArray(S, gates, row + size + j).neg().lanewise(VectorOperators.EXP)
                    .add(one));
            FloatVector f = one.div(FloatVector.fromArray(S, gates, row + 2 * size + j).neg()
                    .lanewise(VectorOperators.EXP).add(one));
            FloatVector candidate = FloatVector.fromArray(S, gates, row + 3 * size + j).lanewise(VectorOperators.TANH);
            FloatVector c = f.mul(FloatVector.fromArray(S, cell, at + j)).add(i.mul(candidate));
            c.intoArray(cell, at + j);
            o.mul(c.lanewise(VectorOperators.TANH)).intoArray(hidden, at + j);
        }
        for (; j < size; j++) {
            float i = sigmoid(gates[row + j]);
            float o = sigmoid(gates[row + size + j]);
            float f = sigmoid(gates[row + 2 * size + j]);
            float c = f * cell[at + j] + i * (float) Math.tanh(gates[row + 3 * size + j]);
            cell[at + j] = c;
            hidden[at + j] = o * (float) Math.tanh(c);
        }
    }

    private static float sigmoid(float x) {
        return (float) (1 / (1 + Math.exp(-x)));
    }
}
