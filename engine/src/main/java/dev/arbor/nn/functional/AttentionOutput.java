package dev.arbor.nn.functional;

import dev.arbor.tensor.Tensor;

/**
 * What multi-head attention returns, as PyTorch's {@code (attn_output, attn_output_weights)}: the
 * output {@code [L, N, E]} (or batch first, or {@code [L, E]} unbatched) and the attention weights,
 * {@code [N, L, S]} averaged over the heads or {@code [N, heads, L, S]} per head; {@code weights} is
 * null when they were not asked for.
 *
 * @param output  the attention output, {@code [L, N, E]} ({@code [N, L, E]} batch first, {@code [L, E]}
 *                unbatched)
 * @param weights the attention weights, {@code [N, L, S]} or {@code [N, heads, L, S]} (without N
 *                unbatched), or null when {@code need_weights} was false
 */
public record AttentionOutput(Tensor output, Tensor weights) {}
