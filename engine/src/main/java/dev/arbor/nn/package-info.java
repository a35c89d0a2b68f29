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
 *
 * <h2>Building layers: constructors and options</h2>
 * Java has no keyword arguments, so every layer follows one pattern:
 * <ul>
 * <li>Constructors take the required arguments in PyTorch's order, plus overloads for the common
 *     settings, all with PyTorch 1.13's defaults: {@code new Conv2d(3, 16, 3)},
 *     {@code new Conv2d(3, 16, 3, 2, 1)} (stride, padding), {@code new LSTM(10, 20, 2)},
 *     {@code new Dropout(0.1)}.</li>
 * <li>A layer with many keyword arguments also has a static {@code options(required...)} that returns
 *     a builder with one fluent method per PyTorch keyword, in camelCase, and {@code build()}:
 *     <pre>{@code
 * Conv2d conv = Conv2d.options(3, 16, 3).stride(2).padding(1).bias(false).build();
 * LSTM lstm = LSTM.options(32, 64).numLayers(2).bidirectional(true).batchFirst(true).build();
 * BatchNorm2d bn = BatchNorm2d.options(64).momentum(null).build();   // None: cumulative average
 * }</pre>
 *     Families share one builder ({@link dev.arbor.nn.ConvOptions}, {@link dev.arbor.nn.MaxPoolOptions},
 *     {@link dev.arbor.nn.AvgPoolOptions}, {@link dev.arbor.nn.NormOptions},
 *     {@link dev.arbor.nn.EmbeddingOptions}, {@link dev.arbor.nn.RnnOptions},
 *     {@link dev.arbor.nn.TransformerLayerOptions}); the others nest theirs
 *     ({@link dev.arbor.nn.MultiheadAttention.Options}, {@link dev.arbor.nn.Upsample.Options},
 *     {@link dev.arbor.nn.CrossEntropyLoss.Options}). A builder also takes the parameters'
 *     {@code dtype} and {@code device}. Python's {@code None} is {@code null} where it means something
 *     ({@code momentum(null)}, {@code paddingIdx(null)}); sizes take one value for every spatial
 *     dimension or one per dimension ({@code kernelSize(3)}, {@code kernelSize(3, 5)}).</li>
 * <li>Parameter and buffer names, their initial distributions ({@code reset_parameters}, drawn from
 *     {@link dev.arbor.tensor.Generator#defaultGenerator()}), {@code extraRepr()} and errors are
 *     PyTorch's, so {@code stateDict()} keys and {@code toString()} read as in PyTorch and PyTorch's
 *     checkpoints load with {@code loadStateDict}.</li>
 * <li>Each layer computes with the functional form in {@link dev.arbor.nn.functional.F}: one
 *     implementation of each computation.</li>
 * <li>Layers with several inputs or outputs are run with {@code call(Object...)}: a loss with
 *     {@code Tensor loss = criterion.call(output, target)}, attention with
 *     {@code AttentionOutput r = mha.call(q, k, v)}, a recurrent layer with
 *     {@code RecurrentOutput r = gru.call(x, h0)} or, without a state, {@code gru.call((Object) x)}.
 *     Optional trailing inputs come in PyTorch's order, null for None.</li>
 * <li>{@code inplace} flags act as PyTorch's: the result is written into the input, which is returned
 *     with its version raised; in grad mode a leaf that requires grad is refused with PyTorch's error
 *     and any other input takes the result's history.</li>
 * </ul>
 */
package dev.arbor.nn;
