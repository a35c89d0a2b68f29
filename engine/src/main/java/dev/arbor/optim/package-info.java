/**
 * Optimizers and learning-rate schedulers, as {@code torch.optim} and {@code torch.optim.lr_scheduler}:
 * the update formulas are PyTorch 1.13's single-tensor ones, options and state dicts use PyTorch's
 * names and structure.
 *
 * <pre>{@code
 * Adam adam = new Adam(model.parameters(), new Adam.Options().lr(1e-3).weightDecay(1e-4));
 * OneCycleLR schedule = new OneCycleLR(adam, new OneCycleLR.Options(1e-2).totalSteps(steps));
 * for (Batch b : batches) {
 *     adam.zeroGrad();
 *     Tensor loss = criterion.call(model.call(b.x()), b.y());
 *     loss.backward();
 *     adam.step();
 *     schedule.step();
 * }
 * }</pre>
 */
package dev.arbor.optim;
