/**
 * The Module system, with the semantics of {@code torch.nn}: {@link dev.arbor.nn.Module} (parameters,
 * buffers and children in ordered maps, traversal, state dicts, hooks, {@code to}, PyTorch's repr),
 * {@link dev.arbor.nn.Parameter}, the containers ({@link dev.arbor.nn.Sequential},
 * {@link dev.arbor.nn.ModuleList}, {@link dev.arbor.nn.ModuleDict}, {@link dev.arbor.nn.ParameterList},
 * {@link dev.arbor.nn.ParameterDict}), the layers, and {@link dev.arbor.nn.Init}.
 *
 * <h2>Where Java differs from Python</h2>
 * <ul>
 * <li>Registration is explicit and returns what it registered:
 *     {@code final Linear fc = register("fc", new Linear(4, 2));}. Assigning to an existing name is
 *     {@link dev.arbor.nn.Module#setAttribute}.</li>
 * <li>A layer with one tensor in and out overrides {@code Tensor forward(Tensor)} and is run with
 *     {@code Tensor call(Tensor)}; any other module overrides {@code Object forward(Object...)} and is
 *     run with {@code <R> R call(Object...)}, whose result is cast to the caller's type. Both run the
 *     hooks, as Python's {@code module(x)}.</li>
 * <li>Python's {@code float()} and {@code double()} are {@code floatType()} and {@code doubleType()}.</li>
 * <li>{@code to(...)} and {@code loadStateDict(..., assign = true)} change tensors in place, so
 *     fields, tied weights and optimizers keep pointing at the live parameters.</li>
 * <li>{@code loadStateDict} is atomic: a failed load changes nothing.</li>
 * </ul>
 */
package dev.arbor.nn;
