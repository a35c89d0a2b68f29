package dev.arbor.nn.functional;

import dev.arbor.tensor.Tensor;

/**
 * An LSTM's state, PyTorch's {@code (h, c)}: the hidden state {@code h} and the cell state {@code c}.
 * For a cell they are {@code [N, H]} (or {@code [H]} unbatched); for a multi-layer LSTM one per layer
 * and direction, {@code [numLayers * D, N, H_out]} and {@code [numLayers * D, N, H]}.
 *
 * @param h the hidden state: {@code [N, H]} for a cell, {@code [numLayers * D, N, H_out]} for an LSTM
 *          (without N unbatched)
 * @param c the cell state: {@code [N, H]} for a cell, {@code [numLayers * D, N, H]} for an LSTM
 *          (without N unbatched)
 */
public record LstmState(Tensor h, Tensor c) {}
