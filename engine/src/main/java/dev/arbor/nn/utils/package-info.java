/** Utilities over a model's parameters, as {@code torch.nn.utils}: gradient clipping and zeroing. */
package dev.arbor.nn.utils;
