package dev.arbor.nn.functional;

import dev.arbor.tensor.Tensor;

/**
 * What an RNN or GRU returns, as PyTorch's {@code (output, h_n)}: {@code output} holds the last
 * layer's hidden state at every step ({@code [T, N, D * H]}, or {@code [N, T, D * H]} batch first, or
 * {@code [T, D * H]} unbatched) and {@code hN} every layer's final hidden state
 * ({@code [numLayers * D, N, H]}, never batch first), D being 2 when bidirectional.
 *
 * @param output the last layer's hidden state at every step, {@code [T, N, D * H]} ({@code [N, T, D * H]}
 *               batch first, {@code [T, D * H]} unbatched)
 * @param hN     every layer's final hidden state, {@code [numLayers * D, N, H]} ({@code [numLayers * D, H]}
 *               unbatched)
 */
public record RecurrentOutput(Tensor output, Tensor hN) {}
