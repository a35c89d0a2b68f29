package dev.arbor.nn.functional;

import dev.arbor.tensor.Tensor;

/**
 * What an LSTM returns, as PyTorch's {@code (output, (h_n, c_n))}: {@code output} holds the last
 * layer's hidden state at every step ({@code [T, N, D * H_out]}, or batch first, or unbatched),
 * {@code hN} and {@code cN} every layer's final hidden and cell states ({@code [numLayers * D, N, H_out]}
 * and {@code [numLayers * D, N, H]}); {@code H_out} is {@code proj_size} when the LSTM has projections,
 * else {@code hidden_size}.
 *
 * @param output the last layer's hidden state at every step, {@code [T, N, D * H_out]}
 *               ({@code [N, T, D * H_out]} batch first, {@code [T, D * H_out]} unbatched)
 * @param hN     every layer's final hidden state, {@code [numLayers * D, N, H_out]} (without N unbatched)
 * @param cN     every layer's final cell state, {@code [numLayers * D, N, H]} (without N unbatched)
 */
public record LstmOutput(Tensor output, Tensor hN, Tensor cN) {
    /** {@return the final state {@code (h_n, c_n)} as one value, to pass on as the initial state of a next call} */
    public LstmState state() {
        return new LstmState(hN, cN);
    }
}
