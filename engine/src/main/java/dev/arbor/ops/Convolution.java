package dev.arbor.ops;

import dev.arbor.backend.Backend;
import dev.arbor.backend.BinaryOp;
import dev.arbor.backend.Clamp;
import dev.arbor.backend.FusedKernels;
import dev.arbor.backend.Window;
import dev.arbor.tensor.Autograd;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Shapes;
import dev.arbor.tensor.Tensor;
import java.util.Arrays;
import java.util.Locale;

/**
 * Convolution and transposed convolution over 1, 2 or 3 spatial dimensions, as
 * {@code torch.nn.functional.conv1d..conv3d} and {@code conv_transpose1d..3d}, by im2col and batched
 * matrix multiply.
 *
 * <p>Three differentiable operations share one geometry, a {@link Window} over the "image" (the
 * input of a convolution, the output of a transposed one) and a group count: {@code conv} (image to
 * window positions), {@code convTranspose} (its adjoint, window positions to image) and
 * {@code convWeight} (the weight gradient, bilinear in image and window-position tensors). The
 * backward of each is written with the other two, so gradients of any order work on every backend.
 * Images are processed in chunks of the batch so the column buffer stays a few tens of megabytes.
 */
public final class Convolution {
    /** Bytes of im2col columns one chunk of the batch may use (a {@link Workspace} buffer). */
    private static final long COLUMN_BUDGET = 16L << 20;

    private Convolution() {}

    /**
     * Convolution of {@code x} {@code [N, C, *spatial]} (or unbatched {@code [C, *spatial]}) with
     * {@code weight} {@code [O, C / groups, *kernel]} and an optional {@code bias} {@code [O]}; each
     * per-dimension array may hold one value for all dimensions.
     *
     * @param dims     the number of spatial dimensions, 1 to 3
     * @param padding  zeros added on both sides of each dimension
     */
    public static Tensor convolution(int dims, Tensor x, Tensor weight, Tensor bias, long[] stride, long[] padding,
                                     long[] dilation, long groups) {
        return convolution(dims, x, weight, bias, stride, padding, dilation, groups, null, Clamp.NONE);
    }

    /**
     * {@link #convolution(int, Tensor, Tensor, Tensor, long[], long[], long[], long)} plus {@code residual}
     * (added as {@code Tensor.add} does, broadcasting), then {@code clamp(min, max)}: a ResNet block's
     * {@code relu(bn(conv(x)) + identity)} or a ReLU6 after a convolution. One kernel that adds and
     * clamps as it stores where no gradient is recorded and no tracer listens (and the residual has the
     * output's shape), the separate ops otherwise.
     *
     * @param residual added to the convolution before the clamp, or null for none
     * @param clamp    the bounds of the output, {@link Clamp#NONE} for none
     */
    public static Tensor convolution(int dims, Tensor x, Tensor weight, Tensor bias, long[] stride, long[] padding,
                                     long[] dilation, long groups, Tensor residual, Clamp clamp) {
        return convolution(dims, x, weight, bias, stride, padding, dilation, groups, residual, clamp, false);
    }

    /**
     * {@link #convolution(int, Tensor, Tensor, Tensor, long[], long[], long[], long, Tensor, Clamp)}, then
     * with {@code average} the mean of each output channel over the output's positions, which stay as
     * dimensions of size 1 ({@code mean(spatial dims, keepdim=True)}: a global average pooling that alone
     * reads the convolution). Where the kernel takes the shapes it averages the sums as it stores them, and
     * the convolution's output is never written.
     *
     * @param residual added to the convolution before the clamp, or null for none
     * @param clamp    the bounds of the output, {@link Clamp#NONE} for none
     * @param average  whether to return the mean over the output's positions instead of the output
     */
    public static Tensor convolution(int dims, Tensor x, Tensor weight, Tensor bias, long[] stride, long[] padding,
                                     long[] dilation, long groups, Tensor residual, Clamp clamp, boolean average) {
        String op = "conv" + dims + "d";
        long[] pad = WindowArgs.expand(op, "padding", padding, dims);
        WindowArgs.atLeast(op, "padding", pad, 0, "non-negative (negative padding is not supported)");
        return convolution(op, dims, x, weight, bias, stride, pad, pad, dilation, groups, residual, clamp, average);
    }

    /**
     * Convolution with PyTorch's padding strings: {@code "valid"} (no padding) or {@code "same"} (the
     * output has the input's size; stride must be 1; for an even kernel the extra zero goes after the
     * input, as in PyTorch).
     */
    public static Tensor convolution(int dims, Tensor x, Tensor weight, Tensor bias, long[] stride, String padding,
                                     long[] dilation, long groups) {
        return convolution(dims, x, weight, bias, stride, padding, dilation, groups, null, Clamp.NONE);
    }

    /** The padding-string convolution plus {@code residual}, then clamped, fused as its numeric twin. */
    public static Tensor convolution(int dims, Tensor x, Tensor weight, Tensor bias, long[] stride, String padding,
                                     long[] dilation, long groups, Tensor residual, Clamp clamp) {
        return convolution(dims, x, weight, bias, stride, padding, dilation, groups, residual, clamp, false);
    }

    /** The padding-string convolution plus {@code residual}, clamped, then averaged as its numeric twin. */
    public static Tensor convolution(int dims, Tensor x, Tensor weight, Tensor bias, long[] stride, String padding,
                                     long[] dilation, long groups, Tensor residual, Clamp clamp, boolean average) {
        String op = "conv" + dims + "d";
        switch (padding.toLowerCase(Locale.ROOT)) {
            case "valid" -> {
                long[] zero = new long[dims];
                return convolution(op, dims, x, weight, bias, stride, zero, zero, dilation, groups, residual, clamp,
                        average);
            }
            case "same" -> {
                long[] s = WindowArgs.expand(op, "stride", stride, dims);
                for (long v : s) {
                    if (v != 1) {
                        throw new IllegalArgumentException("padding='same' is not supported for strided convolutions ("
                                + op + ", stride=" + Arrays.toString(s) + ")");
                    }
                }
                long[] d = WindowArgs.expand(op, "dilation", dilation, dims);
                if (weight.dim() != dims + 2) {
                    checkWeightRank(op, dims, weight);
                }
                long[] before = new long[dims];
                long[] after = new long[dims];
                for (int i = 0; i < dims; i++) {
                    long total = d[i] * (weight.size(2 + i) - 1);
                    before[i] = total / 2;
                    after[i] = total - before[i];
                }
                return convolution(op, dims, x, weight, bias, stride, before, after, dilation, groups, residual,
                        clamp, average);
            }
            default -> throw new IllegalArgumentException("Invalid padding string: '" + padding + "' (" + op
                    + " accepts 'valid' or 'same')");
        }
    }

    private static Tensor convolution(String op, int dims, Tensor x, Tensor weight, Tensor bias, long[] stride,
                                      long[] padBefore, long[] padAfter, long[] dilation, long groups,
                                      Tensor residual, Clamp clamp, boolean average) {
        boolean fused = residual != null || !clamp.isNone() || average;
        if (fused && (OpTraces.active() || Autograd.needsGrad(x, weight, bias, residual))) {
            // the graph records the ops it is
            Tensor conv = convolution(op, dims, x, weight, bias, stride, padBefore, padAfter, dilation, groups, null,
                    Clamp.NONE, false);
            Tensor out = clamp.apply(residual == null ? conv : conv.add(residual));
            return average ? out.mean(WindowArgs.spatialDims(out, dims), true) : out;
        }
        long trace = OpTraces.begin();
        Tensor input = WindowArgs.batched(op, x, dims);
        Params p = Params.of(op, dims, stride, dilation, new long[] {0}, groups);
        checkOperands(op, false, dims, input, weight, bias, groups);
        long[] in = WindowArgs.spatial(input.shape(), dims);
        long[] kernel = WindowArgs.spatial(weight.shape(), dims);
        long[] padded = new long[dims];
        long[] span = new long[dims];
        long[] out = new long[dims];
        boolean tooSmall = false;
        for (int d = 0; d < dims; d++) {
            padded[d] = in[d] + padBefore[d] + padAfter[d];
            span[d] = p.dilation[d] * (kernel[d] - 1) + 1;
            tooSmall |= padded[d] < span[d];
            out[d] = padded[d] < span[d] ? 0 : (padded[d] - span[d]) / p.stride[d] + 1;
        }
        if (tooSmall) {
            throw new IllegalArgumentException("Calculated padded input size per channel: " + WindowArgs.sizes(padded, " x ")
                    + ". Kernel size: " + WindowArgs.sizes(span, " x ") + ". Kernel size can't be greater than actual "
                    + "input size (" + op + ", input " + Shapes.str(x.shape()) + ", weight " + Shapes.str(weight.shape())
                    + ")");
        }
        Window window = new Window(in, kernel, p.stride, padBefore, p.dilation, out);
        DType dtype = input.dtype();
        DType compute = ArgChecks.computeType(dtype);
        Tensor result = (fused ? convForward(input.to(compute).detach(), weight.to(compute).detach(),
                bias == null ? null : bias.to(compute).detach(), window, groups,
                residual == null ? null : residual.to(compute).detach(), clamp, average)
                : conv(input.to(compute), weight.to(compute), bias == null ? null : bias.to(compute), window, groups))
                .to(dtype);
        Tensor output = WindowArgs.unbatched(result, x, dims);
        return trace < 0 ? output : OpTraces.end(trace, "convolution", output, x, weight, bias, p.stride, padBefore,
                padAfter, p.dilation, groups);
    }

    /**
     * Transposed convolution ("deconvolution") of {@code x} {@code [N, Cin, *spatial]} (or unbatched)
     * with {@code weight} {@code [Cin, Cout / groups, *kernel]} and an optional {@code bias}
     * {@code [Cout]}: the gradient of a convolution with respect to its input. Output size per
     * dimension: {@code (in - 1) * stride - 2 * padding + dilation * (kernel - 1) + outputPadding + 1}.
     */
    public static Tensor convTranspose(int dims, Tensor x, Tensor weight, Tensor bias, long[] stride, long[] padding,
                                       long[] outputPadding, long groups, long[] dilation) {
        long trace = OpTraces.begin();
        Tensor out = computeConvTranspose(dims, x, weight, bias, stride, padding, outputPadding, groups, dilation);
        return trace < 0 ? out : OpTraces.end(trace, "conv_transpose", out,
                dims, x, weight, bias, stride, padding, outputPadding, groups, dilation);
    }

    private static Tensor computeConvTranspose(int dims, Tensor x, Tensor weight, Tensor bias, long[] stride, long[] padding,
                                               long[] outputPadding, long groups, long[] dilation) {
        String op = "conv_transpose" + dims + "d";
        Tensor input = WindowArgs.batched(op, x, dims);
        Params p = Params.of(op, dims, stride, dilation, outputPadding, groups);
        long[] pad = WindowArgs.expand(op, "padding", padding, dims);
        WindowArgs.atLeast(op, "padding", pad, 0, "non-negative (negative padding is not supported)");
        checkOperands(op, true, dims, input, weight, bias, groups);
        boolean badOutputPadding = false;
        for (int d = 0; d < dims; d++) {
            badOutputPadding |= p.outputPadding[d] >= p.stride[d] && p.outputPadding[d] >= p.dilation[d];
        }
        if (badOutputPadding) {
            StringBuilder s = new StringBuilder("output padding must be smaller than either stride or dilation, but got");
            String[][] parts = {{"output_padding", null}, {"stride", null}, {"dilation", null}};
            long[][] values = {p.outputPadding, p.stride, p.dilation};
            for (int i = 0; i < parts.length; i++) {
                for (int d = 0; d < dims; d++) {
                    s.append(' ').append(parts[i][0]).append('_').append(WindowArgs.dimName(d, dims)).append(": ")
                            .append(values[i][d]);
                }
            }
            throw new IllegalArgumentException(s + " (" + op + ")");
        }
        long[] in = WindowArgs.spatial(input.shape(), dims);
        long[] kernel = WindowArgs.spatial(weight.shape(), dims);
        long[] out = new long[dims];
        boolean tooSmall = false;
        for (int d = 0; d < dims; d++) {
            out[d] = (in[d] - 1) * p.stride[d] - 2 * pad[d] + p.dilation[d] * (kernel[d] - 1) + p.outputPadding[d] + 1;
            tooSmall |= out[d] < 1;
        }
        if (tooSmall) {
            throw new IllegalArgumentException("Given input size per channel: " + WindowArgs.sizes(in, " x ")
                    + ". Calculated output size per channel: " + WindowArgs.sizes(out, " x ") + ". Output size is too small ("
                    + op + ", input " + Shapes.str(x.shape()) + ", weight " + Shapes.str(weight.shape()) + ")");
        }
        Window window = new Window(out, kernel, p.stride, pad, p.dilation, in);
        DType dtype = input.dtype();
        DType compute = ArgChecks.computeType(dtype);
        long channels = weight.size(1) * groups;
        Tensor result = convTranspose(input.to(compute), weight.to(compute), bias == null ? null : bias.to(compute),
                window, groups, channels).to(dtype);
        return WindowArgs.unbatched(result, x, dims);
    }

    /** Stride, dilation and output padding per dimension, checked, and the group count. */
    private record Params(long[] stride, long[] dilation, long[] outputPadding) {
        static Params of(String op, int dims, long[] stride, long[] dilation, long[] outputPadding, long groups) {
            long[] s = WindowArgs.expand(op, "stride", stride, dims);
            long[] d = WindowArgs.expand(op, "dilation", dilation, dims);
            long[] o = WindowArgs.expand(op, "output_padding", outputPadding, dims);
            WindowArgs.atLeast(op, "stride", s, 1, "positive (non-positive stride is not supported)");
            WindowArgs.atLeast(op, "dilation", d, 1, "greater than zero");
            WindowArgs.atLeast(op, "output_padding", o, 0, "non-negative (negative output_padding is not supported)");
            if (groups < 1) {
                throw new IllegalArgumentException("non-positive groups is not supported (" + op + ", groups=" + groups + ")");
            }
            return new Params(s, d, o);
        }
    }

    private static void checkWeightRank(String op, int dims, Tensor weight) {
        if (weight.dim() < 3) {
            throw new IllegalArgumentException("weight should have at least three dimensions (" + op + ", weight "
                    + Shapes.str(weight.shape()) + ")");
        }
        if (weight.dim() != dims + 2) {
            throw new IllegalArgumentException(op + ": expected a " + (dims + 2) + "-dimensional weight, but got weight of "
                    + "size " + Shapes.str(weight.shape()));
        }
    }

    /** Rank, dtype, device, group and channel checks of a convolution's tensors, with PyTorch's messages. */
    private static void checkOperands(String op, boolean transposed, int dims, Tensor x, Tensor weight, Tensor bias,
                                      long groups) {
        checkWeightRank(op, dims, weight);
        Transfer.sameDevice(op, x, weight, bias);
        WindowArgs.computeType(op, x);
        if (weight.dtype() != x.dtype()) {
            throw new IllegalArgumentException("Input type (" + x.dtype() + ") and weight type (" + weight.dtype()
                    + ") should be the same (" + op + ")");
        }
        if (bias != null && bias.dtype() != x.dtype()) {
            throw new IllegalArgumentException("Input type (" + x.dtype() + ") and bias type (" + bias.dtype()
                    + ") should be the same (" + op + ")");
        }
        String weightSize = Shapes.str(weight.shape());
        if (weight.size(0) % groups != 0) {
            throw new IllegalArgumentException("Given groups=" + groups + ", expected weight to be divisible by " + groups
                    + " at dimension 0, but got weight of size " + weightSize + " instead");
        }
        long channels = transposed ? weight.size(0) : weight.size(1) * groups;
        if (x.size(1) != channels) {
            throw new IllegalArgumentException("Given " + (transposed ? "transposed=1" : "groups=" + groups)
                    + ", weight of size " + weightSize + ", expected input" + Shapes.str(x.shape()) + " to have "
                    + channels + " channels, but got " + x.size(1) + " channels instead");
        }
        long outChannels = transposed ? weight.size(1) * groups : weight.size(0);
        if (bias != null && (bias.dim() != 1 || bias.size(0) != outChannels)) {
            throw new IllegalArgumentException("Given " + (transposed ? "transposed=1, " : "") + "weight of size "
                    + weightSize + ", expected bias to be 1-dimensional with " + outChannels + " elements, but got bias "
                    + "of size " + Shapes.str(bias.shape()) + " instead");
        }
    }

    // ---------------------------------------------------------------- the three differentiable operations

    /** {@code [N, C, *in]} to {@code [N, O, *out]}, plus bias; all of one float32 or float64 dtype. */
    static Tensor conv(Tensor x, Tensor weight, Tensor bias, Window w, long groups) {
        Tensor out = convForward(x.detach(), weight.detach(), bias == null ? null : bias.detach(), w, groups, null,
                Clamp.NONE, false);
        long[] xShape = x.shape();
        long[] wShape = weight.shape();
        return Autograd.record("ConvolutionBackward0", out, new Tensor[] {x, weight, bias}, g -> new Tensor[] {
            x.requiresGrad() ? convTranspose(g, weight, null, w, groups, xShape[1]) : null,
            weight.requiresGrad() ? convWeight(x, g, w, groups, wShape) : null,
            bias != null && bias.requiresGrad() ? biasGrad(g) : null},
                weight.requiresGrad() ? x : null, x.requiresGrad() ? weight : null);
    }

    /** The adjoint of {@link #conv}: {@code [N, O, *out]} to {@code [N, channels, *in]}, plus bias. */
    static Tensor convTranspose(Tensor y, Tensor weight, Tensor bias, Window w, long groups, long channels) {
        Tensor out = convTransposeForward(y.detach(), weight.detach(), w, groups, channels);
        addBias(out, bias);
        long[] wShape = weight.shape();
        return Autograd.record("ConvolutionBackward0", out, new Tensor[] {y, weight, bias}, g -> new Tensor[] {
            y.requiresGrad() ? conv(g, weight, null, w, groups) : null,
            weight.requiresGrad() ? convWeight(g, y, w, groups, wShape) : null,
            bias != null && bias.requiresGrad() ? biasGrad(g) : null},
                weight.requiresGrad() ? y : null, y.requiresGrad() ? weight : null);
    }

    /** The weight gradient: {@code sum over n, l of y[n, o, l] * columns(x)[n, c k, l]}, shaped {@code wShape}. */
    static Tensor convWeight(Tensor x, Tensor y, Window w, long groups, long[] wShape) {
        Tensor out = convWeightForward(x.detach(), y.detach(), w, groups, wShape);
        long channels = x.size(1);
        return Autograd.record("ConvolutionBackwardBackward0", out, new Tensor[] {x, y}, g -> new Tensor[] {
            x.requiresGrad() ? convTranspose(y, g, null, w, groups, channels) : null,
            y.requiresGrad() ? conv(x, g, null, w, groups) : null},
                y.requiresGrad() ? x : null, x.requiresGrad() ? y : null);
    }

    private static Tensor biasGrad(Tensor g) {
        int[] dims = new int[g.dim() - 1];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = i == 0 ? 0 : i + 1;
        }
        return g.sum(dims, false);
    }

    /** Adds {@code bias} along dimension 1 of the fresh, contiguous {@code out} in place. */
    private static void addBias(Tensor out, Tensor bias) {
        if (bias == null || out.numel() == 0) {
            return;
        }
        long[] shape = new long[out.dim()];
        Arrays.fill(shape, 1);
        shape[1] = bias.size(0);
        Transfer.backend(out).binary(BinaryOp.ADD, out, bias.detach().contiguous().view(shape).expand(out.shape()), out);
    }

    // ---------------------------------------------------------------- kernels without autograd

    /** Images per chunk: as many as fit the column budget, at least one. */
    private static long chunk(long n, long columnsPerImage, DType dtype) {
        long bytes = Math.max(1, columnsPerImage * dtype.byteSize());
        return Math.max(1, Math.min(n, COLUMN_BUDGET / bytes));
    }

    /**
     * The weight as a batch of per-group matrices {@code [images * groups, O / groups, C k / groups]}
     * (transposed when asked) for {@code images} images: a zero-stride view for one group, a copy
     * repeated per image otherwise (the batch index mixes image and group, which no stride expresses).
     */
    private static Tensor weightBatch(Tensor weight, long groups, long images, boolean transpose) {
        long rows = weight.size(0) / groups;
        long cols = weight.numel() / weight.size(0);
        Tensor perGroup = weight.contiguous().view(groups, rows, cols);
        if (transpose) {
            perGroup = perGroup.transpose(1, 2);
        }
        long[] shape = perGroup.shape();
        if (groups == 1) {
            return perGroup.expand(images, shape[1], shape[2]);
        }
        return perGroup.unsqueeze(0).expand(images, groups, shape[1], shape[2]).contiguous()
                .view(images * groups, shape[1], shape[2]);
    }

    /**
     * Whether every window position reads exactly one image element, in order (a 1x1 kernel, stride 1,
     * no padding): then the im2col columns are the image itself.
     */
    private static boolean isIdentity(Window w) {
        if (w.kernelVolume() != 1 || !Arrays.equals(w.inputSize(), w.outputSize())) {
            return false;
        }
        for (int d = 0; d < w.dims(); d++) {
            if (w.stride()[d] != 1 || w.padding()[d] != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The im2col columns {@code [N, ck, L]} of {@code x}: the image itself for an {@link #isIdentity}
     * window, else this thread's workspace, valid until the next workspace request.
     */
    private static Tensor columns(Tensor x, Window w, long ck) {
        long n = x.size(0);
        long l = w.outputVolume();
        if (isIdentity(w)) {
            return x.contiguous().view(n, ck, l);
        }
        Tensor columns = Workspace.get(x.dtype(), x.device(), n, ck, l);
        SlidingWindows.im2col(x, w, 0, columns);
        return columns;
    }

    /**
     * {@code clamp(conv(x, weight) + bias + residual)} without autograd, or with {@code average} its mean
     * over the positions; the fused kernels add the bias and the residual and clamp as they write. A
     * residual of another shape is added afterwards, as a broadcasting add.
     */
    private static Tensor convForward(Tensor x, Tensor weight, Tensor bias, Window w, long groups, Tensor residual,
                                      Clamp clamp, boolean average) {
        long[] shape = SlidingWindows.imageShape(x.size(0), weight.size(0), w.outputSize());
        boolean fits = residual == null || Arrays.equals(residual.shape(), shape) && residual.dtype() == x.dtype()
                && residual.device().equals(x.device());
        Backend backend = Transfer.backend(x);
        if (fits && Shapes.numel(shape) > 0 && backend.kernels().has(FusedKernels.Kernel.CHANNELS_LAST_CONV)) {
            Tensor out = backend.channelsLastConv(x, weight.contiguous(), contiguous(bias), w, groups, residual,
                    clamp, average);
            if (out != null) {
                return out;
            }
        }
        Tensor out = convForward(x, weight, bias, w, groups, fits ? contiguous(residual) : null,
                fits ? clamp : Clamp.NONE, shape);
        if (!fits) {
            out = out.add(residual);
            clamp.applyInPlace(Transfer.backend(out), out);
        }
        return average ? out.mean(WindowArgs.spatialDims(out, w.dims()), true) : out;
    }

    /** {@link #convForward(Tensor, Tensor, Tensor, Window, long, Tensor, Clamp, boolean)} with a residual of the output's shape. */
    private static Tensor convForward(Tensor x, Tensor weight, Tensor bias, Window w, long groups, Tensor residual,
                                      Clamp clamp, long[] shape) {
        long n = x.size(0);
        long outChannels = weight.size(0);
        long l = w.outputVolume();
        long ck = x.size(1) * w.kernelVolume();
        if (Shapes.numel(shape) == 0 || ck == 0) {
            Tensor zeros = Tensor.zeros(x.dtype(), x.device(), shape);
            addBias(zeros, bias);
            finish(Transfer.backend(zeros), zeros, residual, clamp);
            return zeros;
        }
        // every element is written by the products below
        Tensor out = Tensor.empty(x.dtype(), x.device(), shape);
        Backend backend = Transfer.backend(x);
        if (groups > 1 && groups == x.size(1) && backend.kernels().has(FusedKernels.Kernel.DEPTHWISE_CONV)) {
            backend.depthwiseConv(x.contiguous(), weight.contiguous(), contiguous(bias), w, residual, clamp, out);
            return out;
        }
        if (groups == 1 && backend.kernels().has(FusedKernels.Kernel.DIRECT_CONV)
                && backend.directConv(x.contiguous(), weight.contiguous(), contiguous(bias), w, residual, clamp, out)) {
            return out;
        }
        long chunk = chunk(n, ck * l, x.dtype());
        Tensor weights = weightBatch(weight, groups, chunk, false);
        for (long n0 = 0; n0 < n; n0 += chunk) {
            long nc = Math.min(chunk, n - n0);
            Tensor columns = columns(x.narrow(0, n0, nc), w, ck);
            backend.matmul(weights.narrow(0, 0, nc * groups), columns.view(nc * groups, ck / groups, l),
                    out.narrow(0, n0, nc).view(nc * groups, outChannels / groups, l));
        }
        addBias(out, bias);
        finish(backend, out, residual, clamp);
        return out;
    }

    /** Adds the residual (the output's shape, or null) to a fresh {@code out} and clamps it, in place. */
    private static void finish(Backend backend, Tensor out, Tensor residual, Clamp clamp) {
        if (residual != null) {
            backend.binary(BinaryOp.ADD, out, residual, out);
        }
        clamp.applyInPlace(backend, out);
    }

    private static Tensor contiguous(Tensor t) {
        return t == null ? null : t.contiguous();
    }

    private static Tensor convTransposeForward(Tensor y, Tensor weight, Window w, long groups, long channels) {
        long n = y.size(0);
        long l = w.outputVolume();
        long ck = channels * w.kernelVolume();
        Tensor out = Tensor.zeros(y.dtype(), y.device(), SlidingWindows.imageShape(n, channels, w));
        if (out.numel() == 0 || y.size(1) == 0) {
            return out;
        }
        Backend backend = Transfer.backend(y);
        Tensor yc = y.contiguous();
        long chunk = chunk(n, ck * l, y.dtype());
        Tensor weights = weightBatch(weight, groups, chunk, true);
        for (long n0 = 0; n0 < n; n0 += chunk) {
            long nc = Math.min(chunk, n - n0);
            Tensor image = out.narrow(0, n0, nc);
            if (isIdentity(w)) {
                // the columns are the image: the product lands in place
                backend.matmul(weights.narrow(0, 0, nc * groups), yc.narrow(0, n0, nc).view(nc * groups, -1, l),
                        image.view(nc * groups, ck / groups, l));
                continue;
            }
            Tensor columns = Workspace.get(y.dtype(), y.device(), nc * groups, ck / groups, l);
            backend.matmul(weights.narrow(0, 0, nc * groups), yc.narrow(0, n0, nc).view(nc * groups, -1, l), columns);
            SlidingWindows.col2im(columns.view(nc, ck, l), w, image);
        }
        return out;
    }

    private static Tensor convWeightForward(Tensor x, Tensor y, Window w, long groups, long[] wShape) {
        long n = x.size(0);
        long l = w.outputVolume();
        long ck = x.size(1) * w.kernelVolume();
        long rows = wShape[0] / groups;
        Tensor sum = Tensor.zeros(x.dtype(), x.device(), groups, rows, ck / groups);
        if (n == 0 || l == 0 || sum.numel() == 0) {
            return sum.view(wShape);
        }
        Backend backend = Transfer.backend(x);
        Tensor yc = y.contiguous();
        long chunk = chunk(n, ck * l, x.dtype());
        for (long n0 = 0; n0 < n; n0 += chunk) {
            long nc = Math.min(chunk, n - n0);
            Tensor columns = columns(x.narrow(0, n0, nc), w, ck).view(nc * groups, ck / groups, l);
            Tensor part = Tensor.empty(x.dtype(), x.device(), nc * groups, rows, ck / groups);
            backend.matmul(yc.narrow(0, n0, nc).view(nc * groups, rows, l), columns.transpose(1, 2), part);
            Tensor partSum = part.view(nc, groups, rows, ck / groups).sum(0, false);
            backend.binary(BinaryOp.ADD, sum, partSum, sum);
        }
        return sum.view(wShape);
    }
}
