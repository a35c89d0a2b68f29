package dev.arbor.tensor;

import dev.arbor.backend.BinaryOp;
import dev.arbor.backend.ReduceOp;
import dev.arbor.backend.UnaryOp;
import dev.arbor.ops.Creation;
import dev.arbor.ops.Elementwise;
import dev.arbor.ops.Indexing;
import dev.arbor.ops.Linalg;
import dev.arbor.ops.Masks;
import dev.arbor.ops.Rearrange;
import dev.arbor.ops.Reductions;
import dev.arbor.ops.TensorFormat;
import dev.arbor.ops.Transfer;
import dev.arbor.ops.Views;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * An n-dimensional array on a device, with reverse-mode autograd, as {@code torch.Tensor}.
 *
 * <p>A tensor is a strided view of a {@link Storage}: a dtype, a shape, strides and an offset (both in
 * elements). View operations ({@link #view}, {@link #permute}, {@link #narrow}, ...) share the storage;
 * other operations return new tensors. Methods ending in an underscore change the tensor in place, as
 * in PyTorch. Binary operations broadcast as NumPy does and promote dtypes as PyTorch does.
 *
 * <p>Java has no operator overloading and no keyword arguments, so {@code a + b} is {@code a.add(b)}
 * and optional arguments are overloads. Tensors are not thread-safe for writes; reading one tensor from
 * many threads (running a model in eval mode) is safe.
 */
public class Tensor {
    private Storage storage;
    private DType dtype;
    private long[] shape;
    private long[] strides;
    private long offset;

    private boolean requiresGrad;
    private Tensor grad;
    private Node gradFn;
    private Autograd.AccumulateGrad accumulator;
    private boolean retainsGrad;

    /** For a view: the tensor whose storage it views (never itself a view), for autograd of in-place changes. */
    private Tensor viewBase;
    /** For a view: the base's {@link #historyVersion} that this view's grad_fn was made from. */
    private int baseHistorySeen;
    /** Bumped each time an in-place change to one of this tensor's views gives it a new history. */
    private int historyVersion;

    /** Makes a view of {@code storage}; see {@link #wrap}. */
    protected Tensor(Storage storage, DType dtype, long[] shape, long[] strides, long offset) {
        this.storage = storage;
        this.dtype = dtype;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
    }

    /**
     * A tensor viewing existing storage (a mapped file, a plugin's device memory) without a copy.
     *
     * @throws IllegalArgumentException when the view would reach outside the storage
     */
    public static Tensor wrap(Storage storage, DType dtype, long[] shape, long[] strides, long offset) {
        if (shape.length != strides.length) {
            throw new IllegalArgumentException("shape " + Shapes.str(shape) + " and strides " + Shapes.str(strides)
                    + " differ in rank");
        }
        long lastElement = offset;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Shapes.str(shape));
            }
            if (shape[i] == 0) {
                lastElement = offset - 1;
                break;
            }
            if (strides[i] < 0) {
                throw new IllegalArgumentException("negative strides are not supported: " + Shapes.str(strides));
            }
            lastElement += (shape[i] - 1) * strides[i];
        }
        if (offset < 0 || (lastElement + 1) * dtype.byteSize() > storage.byteSize()) {
            throw new IllegalArgumentException("a " + dtype + " view of shape " + Shapes.str(shape) + ", strides "
                    + Shapes.str(strides) + " and offset " + offset + " needs " + (lastElement + 1) * dtype.byteSize()
                    + " bytes, but the storage has " + storage.byteSize());
        }
        return new Tensor(storage, dtype, shape.clone(), strides.clone(), offset);
    }

    /**
     * A view of {@code source}'s storage that autograd knows as a view: an in-place change to it under
     * autograd gives the viewed tensor a new history ({@code CopySlices}), as in PyTorch. View
     * operations make their results with this; {@link #wrap} makes plain tensors.
     *
     * @throws IllegalArgumentException when the view would reach outside the storage
     */
    public static Tensor viewOf(Tensor source, long[] shape, long[] strides, long offset) {
        Tensor t = wrap(source.storage, source.dtype, shape, strides, offset);
        t.viewBase = source.viewBase != null ? source.viewBase : source;
        t.baseHistorySeen = t.viewBase.historyVersion;
        return t;
    }

    // ---------------------------------------------------------------- metadata

    /** The storage this tensor views. */
    public Storage storage() {
        return storage;
    }

    /** The element type. */
    public DType dtype() {
        return dtype;
    }

    /** The device the storage lives on. */
    public Device device() {
        return storage.device();
    }

    /** A copy of the shape. */
    public long[] shape() {
        return shape.clone();
    }

    /** The size of dimension {@code dim} (negative counts from the end). */
    public long size(int dim) {
        return shape[Shapes.wrapDim(dim, shape.length)];
    }

    /** A copy of the strides, in elements. */
    public long[] strides() {
        return strides.clone();
    }

    /** The stride of dimension {@code dim}, in elements. */
    public long stride(int dim) {
        return strides[Shapes.wrapDim(dim, shape.length)];
    }

    /** The offset of the first element in the storage, in elements. */
    public long offset() {
        return offset;
    }

    /** The number of dimensions. */
    public int dim() {
        return shape.length;
    }

    /** The number of elements. */
    public long numel() {
        return Shapes.numel(shape);
    }

    /** True when the elements lie in row-major order without gaps. */
    public boolean isContiguous() {
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && strides[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    /** The storage's version counter, bumped by every in-place change. */
    public int version() {
        return storage.version();
    }

    /** PyTorch's legacy type name, such as {@code torch.FloatTensor}, used in autograd messages. */
    public String typeDescription() {
        String base = switch (dtype) {
            case FLOAT32 -> "Float";
            case FLOAT64 -> "Double";
            case FLOAT16 -> "Half";
            case BFLOAT16 -> "BFloat16";
            case INT64 -> "Long";
            case INT32 -> "Int";
            case INT16 -> "Short";
            case INT8 -> "Char";
            case UINT8 -> "Byte";
            case BOOL -> "Bool";
            default -> dtype.typeName();
        };
        return (device().isCpu() ? "torch." : "torch." + device().type() + ".") + base + "Tensor";
    }

    // ---------------------------------------------------------------- autograd

    /** True when gradients are computed for this tensor. */
    public boolean requiresGrad() {
        refreshViewHistory();
        return requiresGrad;
    }

    /**
     * Sets whether autograd records operations on this leaf, as {@code requires_grad_()}.
     *
     * @return this tensor
     */
    public Tensor requiresGrad_(boolean requires) {
        if (gradFn != null && !requires) {
            throw new IllegalStateException("you can only change requires_grad flags of leaf variables. If you want "
                    + "to use a computed variable in a subgraph that doesn't require differentiation use "
                    + "var_no_grad = var.detach().");
        }
        if (requires && !dtype.isFloatingPoint()) {
            throw new IllegalStateException("only Tensors of floating point dtype can require gradients (got " + dtype + ")");
        }
        this.requiresGrad = requires;
        return this;
    }

    /** The accumulated gradient, or null. */
    public Tensor grad() {
        return grad;
    }

    /** Replaces the gradient (null clears it), as assigning {@code .grad}. */
    public void setGrad(Tensor grad) {
        if (grad != null && !java.util.Arrays.equals(grad.shape, shape)) {
            throw new IllegalArgumentException("assigned grad has data of a different size: " + Shapes.str(grad.shape)
                    + " vs " + Shapes.str(shape));
        }
        this.grad = grad;
    }

    /** The node that made this tensor, or null for a leaf. */
    public Node gradFn() {
        refreshViewHistory();
        return gradFn;
    }

    /** True for tensors not made by a recorded op (user-made tensors and parameters). */
    public boolean isLeaf() {
        return gradFn() == null;
    }

    /** Keeps the gradient of this non-leaf tensor in {@link #grad()} during backward. */
    public void retainGrad() {
        if (!requiresGrad) {
            throw new IllegalStateException("can't retain_grad on Tensor that has requires_grad=False");
        }
        if (gradFn == null || retainsGrad) {
            return;
        }
        retainsGrad = true;
        gradFn.addPreHook(g -> {
            accumulateGrad(g);
            return g;
        });
    }

    /**
     * Registers a hook that sees, and may replace (by returning a tensor), this tensor's gradient
     * each time it is computed; return null to keep it.
     */
    public RemovableHandle registerHook(UnaryOperator<Tensor> hook) {
        if (!requiresGrad) {
            throw new IllegalStateException("cannot register a hook on a tensor that doesn't require gradient");
        }
        Runnable remove = gradNode().addPreHook(hook);
        return remove::run;
    }

    /** Computes the gradient of this scalar with respect to the graph's leaves. */
    public void backward() {
        backward(null, false, false);
    }

    /** Computes gradients given the gradient of this (non-scalar) tensor. */
    public void backward(Tensor gradient) {
        backward(gradient, false, false);
    }

    /**
     * Computes gradients, as {@code torch.Tensor.backward}.
     *
     * @param gradient    the gradient of this tensor; null for a scalar (ones)
     * @param retainGraph keep the saved tensors for another backward through the same graph
     * @param createGraph record the backward itself, for higher-order gradients
     */
    public void backward(Tensor gradient, boolean retainGraph, boolean createGraph) {
        Autograd.backward(List.of(this), gradient == null ? null : java.util.Collections.singletonList(gradient),
                retainGraph || createGraph, createGraph);
    }

    /** A tensor sharing this one's data, outside the graph. */
    public Tensor detach() {
        return new Tensor(storage, dtype, shape, strides, offset);
    }

    /** Detaches this tensor from the graph in place, making it a leaf. */
    public Tensor detach_() {
        gradFn = null;
        requiresGrad = false;
        return this;
    }

    /** The node gradients of this tensor flow to: its grad_fn, or the leaf's accumulator. */
    Node gradNode() {
        refreshViewHistory();
        if (gradFn != null) {
            return gradFn;
        }
        if (accumulator == null) {
            accumulator = new Autograd.AccumulateGrad(this);
        }
        return accumulator;
    }

    void attachGradFn(Node node) {
        this.gradFn = node;
        this.requiresGrad = true;
    }

    /** The tensor this view views, or null when this is not a view. */
    Tensor viewBase() {
        return viewBase;
    }

    /** Marks this (base) tensor's history as replaced, so that its older views remake theirs. */
    void historyRebased() {
        historyVersion++;
    }

    /**
     * A view made before its base's history was replaced by an in-place change takes a new grad_fn
     * from the base's current history, as PyTorch regenerates it (only in grad mode, which records).
     */
    private void refreshViewHistory() {
        if (viewBase == null || baseHistorySeen == viewBase.historyVersion || !GradMode.isEnabled()) {
            return;
        }
        baseHistorySeen = viewBase.historyVersion;
        gradFn = null;
        requiresGrad = false;
        Autograd.recordViewOf(this, viewBase);
    }

    /** Adds an arriving gradient to {@code .grad}: the first is copied, later ones added in place. */
    void accumulateGrad(Tensor g) {
        if (grad == null) {
            grad = GradMode.isEnabled() ? g : g.detach().clone();
        } else if (GradMode.isEnabled()) {
            grad = grad.add(g);
        } else {
            grad.add_(g);
        }
    }

    /**
     * Makes this tensor view {@code source}'s data (storage, dtype, shape, strides), keeping this
     * object, its gradient flag and hooks: what assigning {@code param.data} does in PyTorch, and what
     * {@code Module.to(...)} uses so that parameters keep their identity.
     */
    public void setData(Tensor source) {
        if (requiresGrad && !source.dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("data set to a tensor that requires gradients must be floating point");
        }
        this.storage = source.storage;
        this.dtype = source.dtype;
        this.shape = source.shape.clone();
        this.strides = source.strides.clone();
        this.offset = source.offset;
    }

    // ---------------------------------------------------------------- creation

    /** An uninitialised (in practice zeroed) tensor. */
    public static Tensor empty(DType dtype, Device device, long... shape) {
        return Creation.empty(dtype, device, shape);
    }

    /** A float32 tensor of zeros on the CPU. */
    public static Tensor zeros(long... shape) {
        return Creation.full(0, DType.FLOAT32, Device.CPU, shape);
    }

    /** A tensor of zeros. */
    public static Tensor zeros(DType dtype, long... shape) {
        return Creation.full(0, dtype, Device.CPU, shape);
    }

    /** A tensor of zeros on a device. */
    public static Tensor zeros(DType dtype, Device device, long... shape) {
        return Creation.full(0, dtype, device, shape);
    }

    /** A float32 tensor of ones on the CPU. */
    public static Tensor ones(long... shape) {
        return Creation.full(1, DType.FLOAT32, Device.CPU, shape);
    }

    /** A tensor of ones. */
    public static Tensor ones(DType dtype, long... shape) {
        return Creation.full(1, dtype, Device.CPU, shape);
    }

    /** A tensor filled with {@code value}. */
    public static Tensor full(Number value, DType dtype, long... shape) {
        return Creation.full(value, dtype, Device.CPU, shape);
    }

    /** A tensor filled with {@code value} on a device. */
    public static Tensor full(Number value, DType dtype, Device device, long... shape) {
        return Creation.full(value, dtype, device, shape);
    }

    /** Zeros with this tensor's shape, dtype and device. */
    public static Tensor zerosLike(Tensor t) {
        return Creation.full(0, t.dtype, t.device(), t.shape);
    }

    /** Ones with this tensor's shape, dtype and device. */
    public static Tensor onesLike(Tensor t) {
        return Creation.full(1, t.dtype, t.device(), t.shape);
    }

    /** {@code value} with this tensor's shape, dtype and device. */
    public static Tensor fullLike(Tensor t, Number value) {
        return Creation.full(value, t.dtype, t.device(), t.shape);
    }

    /** {@code 0, 1, ..., end-1} as int64. */
    public static Tensor arange(long end) {
        return Creation.arange(0, end, 1, DType.INT64);
    }

    /** {@code start, start+step, ...} up to but excluding {@code end}, in {@code dtype}. */
    public static Tensor arange(double start, double end, double step, DType dtype) {
        return Creation.arange(start, end, step, dtype);
    }

    /** {@code steps} evenly spaced float32 values from {@code start} to {@code end} inclusive. */
    public static Tensor linspace(double start, double end, long steps) {
        return Creation.linspace(start, end, steps, DType.FLOAT32);
    }

    /** {@code steps} evenly spaced values from {@code start} to {@code end} inclusive. */
    public static Tensor linspace(double start, double end, long steps, DType dtype) {
        return Creation.linspace(start, end, steps, dtype);
    }

    /** The float32 {@code n x n} identity matrix. */
    public static Tensor eye(long n) {
        return Creation.eye(n, n, DType.FLOAT32);
    }

    /** An {@code n x m} matrix with ones on the diagonal. */
    public static Tensor eye(long n, long m, DType dtype) {
        return Creation.eye(n, m, dtype);
    }

    /** Uniform values in [0, 1) from a generator, float32. */
    public static Tensor rand(Generator gen, long... shape) {
        return Creation.rand(gen, DType.FLOAT32, shape);
    }

    /** Uniform values in [0, 1) from a generator. */
    public static Tensor rand(Generator gen, DType dtype, long... shape) {
        return Creation.rand(gen, dtype, shape);
    }

    /** Standard normal values from a generator, float32. */
    public static Tensor randn(Generator gen, long... shape) {
        return Creation.randn(gen, DType.FLOAT32, shape);
    }

    /** Standard normal values from a generator. */
    public static Tensor randn(Generator gen, DType dtype, long... shape) {
        return Creation.randn(gen, dtype, shape);
    }

    /** Uniform int64 integers in [low, high) from a generator. */
    public static Tensor randint(Generator gen, long low, long high, long... shape) {
        return Creation.randint(gen, low, high, shape);
    }

    /** A float32 tensor with these values, in row-major order, and this shape (1-d when omitted). */
    public static Tensor of(float[] data, long... shape) {
        return Creation.fromArray(data, DType.FLOAT32, shape);
    }

    /** A float64 tensor with these values. */
    public static Tensor of(double[] data, long... shape) {
        return Creation.fromArray(data, DType.FLOAT64, shape);
    }

    /** An int64 tensor with these values. */
    public static Tensor of(long[] data, long... shape) {
        return Creation.fromArray(data, DType.INT64, shape);
    }

    /** An int32 tensor with these values. */
    public static Tensor of(int[] data, long... shape) {
        return Creation.fromArray(data, DType.INT32, shape);
    }

    /** A bool tensor with these values. */
    public static Tensor of(boolean[] data, long... shape) {
        return Creation.fromArray(data, DType.BOOL, shape);
    }

    /** A tensor of {@code dtype} with these values converted (each element's array a float64 value). */
    public static Tensor of(double[] data, DType dtype, long... shape) {
        return Creation.fromArray(data, dtype, shape);
    }

    /** A 0-d float32 tensor. */
    public static Tensor scalar(double value) {
        return Creation.full(value, DType.FLOAT32, Device.CPU);
    }

    /** A 0-d tensor of {@code dtype}. */
    public static Tensor scalar(Number value, DType dtype) {
        return Creation.full(value, dtype, Device.CPU);
    }

    // ---------------------------------------------------------------- data access

    /** The elements as float32, row-major. */
    public float[] toFloatArray() {
        return Transfer.toFloatArray(this);
    }

    /** The elements as float64, row-major. */
    public double[] toDoubleArray() {
        return Transfer.toDoubleArray(this);
    }

    /** The elements as int64, row-major (floating values truncated). */
    public long[] toLongArray() {
        return Transfer.toLongArray(this);
    }

    /** The elements as booleans (non-zero is true), row-major. */
    public boolean[] toBooleanArray() {
        return Transfer.toBooleanArray(this);
    }

    /** The value of a one-element tensor as a double. */
    public double item() {
        return Transfer.item(this).doubleValue();
    }

    /** The value of a one-element tensor as a long (exact for int64). */
    public long itemLong() {
        return Transfer.item(this).longValue();
    }

    /** The element at a full index, as a double. */
    public double get(long... index) {
        return Transfer.get(this, index);
    }

    // ---------------------------------------------------------------- conversion and copies

    /** This tensor converted to {@code dtype} (itself when it already has it). */
    public Tensor to(DType dtype) {
        return Transfer.toDType(this, dtype);
    }

    /** This tensor on {@code device} (itself when already there). */
    public Tensor to(Device device) {
        return Transfer.toDevice(this, device);
    }

    /** This tensor on the CPU. */
    public Tensor cpu() {
        return to(Device.CPU);
    }

    /** A copy with its own contiguous storage, differentiable. */
    public Tensor clone() {
        return Transfer.cloneTensor(this);
    }

    /** This tensor if contiguous, otherwise a contiguous copy. */
    public Tensor contiguous() {
        return isContiguous() ? this : clone();
    }

    /** Copies {@code src} (broadcast, converted, from any device) into this tensor in place. */
    public Tensor copy_(Tensor src) {
        return Transfer.copyInto(this, src);
    }

    /** Sets every element to {@code value} in place. */
    public Tensor fill_(Number value) {
        return Transfer.fill(this, value);
    }

    /** Sets every element to zero in place. */
    public Tensor zero_() {
        return fill_(0);
    }

    /** Fills in place with uniform values in [low, high). */
    public Tensor uniform_(Generator gen, double low, double high) {
        return Transfer.copyInto(this, Creation.rand(gen, dtype.isFloatingPoint() ? dtype : DType.FLOAT64, shape)
                .mul(high - low).add(low));
    }

    /** Fills in place with normal values of this mean and standard deviation. */
    public Tensor normal_(Generator gen, double mean, double std) {
        return Transfer.copyInto(this, Creation.randn(gen, dtype.isFloatingPoint() ? dtype : DType.FLOAT64, shape)
                .mul(std).add(mean));
    }

    // ---------------------------------------------------------------- views

    /** A view with a new shape (one dimension may be -1); the layout must allow it. */
    public Tensor view(long... newShape) {
        return Views.view(this, newShape);
    }

    /** {@link #view} when the layout allows it, otherwise a reshaped copy. */
    public Tensor reshape(long... newShape) {
        return Views.reshape(this, newShape);
    }

    /** Reorders the dimensions. */
    public Tensor permute(int... dims) {
        return Views.permute(this, dims);
    }

    /** Swaps two dimensions. */
    public Tensor transpose(int dim0, int dim1) {
        return Views.transpose(this, dim0, dim1);
    }

    /** The transpose of a matrix (0-d and 1-d tensors are returned as they are). */
    public Tensor t() {
        if (dim() > 2) {
            throw new IllegalArgumentException("t() expects a tensor with <= 2 dimensions, but self is " + dim() + "D");
        }
        return dim() < 2 ? this : transpose(0, 1);
    }

    /** Moves dimension {@code source} to position {@code destination}. */
    public Tensor movedim(int source, int destination) {
        return Views.movedim(this, source, destination);
    }

    /** A view repeating size-1 dimensions to {@code sizes} (-1 keeps a size), without copying. */
    public Tensor expand(long... sizes) {
        return Views.expand(this, sizes);
    }

    /** {@link #expand} to another tensor's shape. */
    public Tensor expandAs(Tensor other) {
        return expand(other.shape);
    }

    /** {@code length} elements of {@code dim} from {@code start}. */
    public Tensor narrow(int dim, long start, long length) {
        return Views.narrow(this, dim, start, length);
    }

    /** Elements {@code start, start+step, ...} before {@code end} of {@code dim} (Python slice rules). */
    public Tensor slice(int dim, long start, long end, long step) {
        return Views.slice(this, dim, start, end, step);
    }

    /** The slice at {@code index} of {@code dim}, with that dimension removed. */
    public Tensor select(int dim, long index) {
        return Views.select(this, dim, index);
    }

    /** Removes every size-1 dimension. */
    public Tensor squeeze() {
        return Views.squeeze(this, null);
    }

    /** Removes {@code dim} if its size is 1. */
    public Tensor squeeze(int dim) {
        return Views.squeeze(this, new int[] {dim});
    }

    /** Inserts a size-1 dimension at {@code dim}. */
    public Tensor unsqueeze(int dim) {
        return Views.unsqueeze(this, dim);
    }

    /** Flattens to one dimension. */
    public Tensor flatten() {
        return flatten(0, -1);
    }

    /** Flattens dimensions {@code startDim..endDim} into one. */
    public Tensor flatten(int startDim, int endDim) {
        return Views.flatten(this, startDim, endDim);
    }

    /** Splits dimension {@code dim} into {@code sizes}. */
    public Tensor unflatten(int dim, long... sizes) {
        return Views.unflatten(this, dim, sizes);
    }

    /** A view with arbitrary sizes, strides and offset over the same storage, as {@code as_strided}. */
    public Tensor asStrided(long[] size, long[] stride, long storageOffset) {
        return Views.asStrided(this, size, stride, storageOffset);
    }

    /** Sliding windows of {@code size} with {@code step} along {@code dim}, as a new last dimension. */
    public Tensor unfold(int dim, long size, long step) {
        return Views.unfold(this, dim, size, step);
    }

    /** Views of {@code splitSize} elements along {@code dim} (the last may be smaller). */
    public List<Tensor> split(long splitSize, int dim) {
        return Views.split(this, splitSize, dim);
    }

    /** Views with the given sizes along {@code dim}. */
    public List<Tensor> split(long[] sizes, int dim) {
        return Views.splitWithSizes(this, sizes, dim);
    }

    /** {@code chunks} views of near-equal size along {@code dim}, as {@code torch.chunk}. */
    public List<Tensor> chunk(int chunks, int dim) {
        return Views.chunk(this, chunks, dim);
    }

    /** The slices along {@code dim}, each with that dimension removed. */
    public List<Tensor> unbind(int dim) {
        List<Tensor> out = new ArrayList<>();
        for (long i = 0; i < size(dim); i++) {
            out.add(select(dim, i));
        }
        return out;
    }

    // ---------------------------------------------------------------- elementwise

    /** {@code this + other}. */
    public Tensor add(Tensor other) {
        return Elementwise.binary(BinaryOp.ADD, this, other);
    }

    /** {@code this + alpha * other}. */
    public Tensor add(Tensor other, double alpha) {
        return alpha == 1 ? add(other) : add(other.mul(alpha));
    }

    /** {@code this + value}. */
    public Tensor add(double value) {
        return Elementwise.binary(BinaryOp.ADD, this, value);
    }

    /** {@code this - other}. */
    public Tensor sub(Tensor other) {
        return Elementwise.binary(BinaryOp.SUB, this, other);
    }

    /** {@code this - value}. */
    public Tensor sub(double value) {
        return Elementwise.binary(BinaryOp.SUB, this, value);
    }

    /** {@code value - this}. */
    public Tensor rsub(double value) {
        return Elementwise.binary(BinaryOp.SUB, value, this);
    }

    /** {@code this * other}. */
    public Tensor mul(Tensor other) {
        return Elementwise.binary(BinaryOp.MUL, this, other);
    }

    /** {@code this * value}. */
    public Tensor mul(double value) {
        return Elementwise.binary(BinaryOp.MUL, this, value);
    }

    /** {@code this / other}, true division (integers give float32). */
    public Tensor div(Tensor other) {
        return Elementwise.binary(BinaryOp.DIV, this, other);
    }

    /** {@code this / value}. */
    public Tensor div(double value) {
        return Elementwise.binary(BinaryOp.DIV, this, value);
    }

    /** {@code this ** exponent}. */
    public Tensor pow(Tensor exponent) {
        return Elementwise.binary(BinaryOp.POW, this, exponent);
    }

    /** {@code this ** exponent}. */
    public Tensor pow(double exponent) {
        return Elementwise.binary(BinaryOp.POW, this, exponent);
    }

    /** Elementwise maximum (NaN propagates). */
    public Tensor maximum(Tensor other) {
        return Elementwise.binary(BinaryOp.MAXIMUM, this, other);
    }

    /** Elementwise minimum (NaN propagates). */
    public Tensor minimum(Tensor other) {
        return Elementwise.binary(BinaryOp.MINIMUM, this, other);
    }

    /** Python's {@code %}: the remainder has the divisor's sign. */
    public Tensor remainder(Tensor other) {
        return Elementwise.binary(BinaryOp.REMAINDER, this, other);
    }

    /** C's {@code fmod}: the remainder has the dividend's sign. */
    public Tensor fmod(Tensor other) {
        return Elementwise.binary(BinaryOp.FMOD, this, other);
    }

    /** Division rounded toward negative infinity. */
    public Tensor floorDivide(Tensor other) {
        return Elementwise.binary(BinaryOp.FLOOR_DIVIDE, this, other);
    }

    /** {@code atan2(this, other)}. */
    public Tensor atan2(Tensor other) {
        return Elementwise.binary(BinaryOp.ATAN2, this, other);
    }

    /** Applies a unary primitive; the named methods below are the usual way in. */
    public Tensor apply(UnaryOp op) {
        return Elementwise.unary(op, this);
    }

    public Tensor neg() { return apply(UnaryOp.NEG); }
    public Tensor abs() { return apply(UnaryOp.ABS); }
    public Tensor sign() { return apply(UnaryOp.SIGN); }
    public Tensor square() { return apply(UnaryOp.SQUARE); }
    public Tensor exp() { return apply(UnaryOp.EXP); }
    public Tensor expm1() { return apply(UnaryOp.EXPM1); }
    public Tensor log() { return apply(UnaryOp.LOG); }
    public Tensor log1p() { return apply(UnaryOp.LOG1P); }
    public Tensor log2() { return apply(UnaryOp.LOG2); }
    public Tensor sqrt() { return apply(UnaryOp.SQRT); }
    public Tensor rsqrt() { return apply(UnaryOp.RSQRT); }
    public Tensor reciprocal() { return apply(UnaryOp.RECIPROCAL); }
    public Tensor sin() { return apply(UnaryOp.SIN); }
    public Tensor cos() { return apply(UnaryOp.COS); }
    public Tensor tan() { return apply(UnaryOp.TAN); }
    public Tensor asin() { return apply(UnaryOp.ASIN); }
    public Tensor acos() { return apply(UnaryOp.ACOS); }
    public Tensor atan() { return apply(UnaryOp.ATAN); }
    public Tensor sinh() { return apply(UnaryOp.SINH); }
    public Tensor cosh() { return apply(UnaryOp.COSH); }
    public Tensor tanh() { return apply(UnaryOp.TANH); }
    public Tensor asinh() { return apply(UnaryOp.ASINH); }
    public Tensor acosh() { return apply(UnaryOp.ACOSH); }
    public Tensor atanh() { return apply(UnaryOp.ATANH); }
    public Tensor sigmoid() { return apply(UnaryOp.SIGMOID); }
    public Tensor erf() { return apply(UnaryOp.ERF); }
    public Tensor relu() { return apply(UnaryOp.RELU); }
    public Tensor silu() { return apply(UnaryOp.SILU); }
    public Tensor mish() { return apply(UnaryOp.MISH); }
    public Tensor floor() { return apply(UnaryOp.FLOOR); }
    public Tensor ceil() { return apply(UnaryOp.CEIL); }
    /** Rounds half to even, as {@code torch.round}. */
    public Tensor round() { return apply(UnaryOp.ROUND); }
    public Tensor trunc() { return apply(UnaryOp.TRUNC); }
    public Tensor isnan() { return apply(UnaryOp.ISNAN); }
    public Tensor isinf() { return apply(UnaryOp.ISINF); }
    public Tensor logicalNot() { return apply(UnaryOp.LOGICAL_NOT); }
    public Tensor bitwiseNot() { return apply(UnaryOp.BITWISE_NOT); }

    /** GELU, exact ({@code approximate="none"}) or with the tanh approximation. */
    public Tensor gelu(boolean tanhApproximation) {
        return apply(tanhApproximation ? UnaryOp.GELU_TANH : UnaryOp.GELU);
    }

    /** Clamps into [min, max]; a null bound is open. */
    public Tensor clamp(Double min, Double max) {
        return Elementwise.clamp(this, min, max);
    }

    /** Clamps into [min, max] given as tensors (broadcast); a null bound is open. */
    public Tensor clamp(Tensor min, Tensor max) {
        return Elementwise.clamp(this, min, max);
    }

    public Tensor eq(Tensor other) { return Elementwise.binary(BinaryOp.EQ, this, other); }
    public Tensor ne(Tensor other) { return Elementwise.binary(BinaryOp.NE, this, other); }
    public Tensor lt(Tensor other) { return Elementwise.binary(BinaryOp.LT, this, other); }
    public Tensor le(Tensor other) { return Elementwise.binary(BinaryOp.LE, this, other); }
    public Tensor gt(Tensor other) { return Elementwise.binary(BinaryOp.GT, this, other); }
    public Tensor ge(Tensor other) { return Elementwise.binary(BinaryOp.GE, this, other); }
    public Tensor eq(double v) { return Elementwise.binary(BinaryOp.EQ, this, v); }
    public Tensor ne(double v) { return Elementwise.binary(BinaryOp.NE, this, v); }
    public Tensor lt(double v) { return Elementwise.binary(BinaryOp.LT, this, v); }
    public Tensor le(double v) { return Elementwise.binary(BinaryOp.LE, this, v); }
    public Tensor gt(double v) { return Elementwise.binary(BinaryOp.GT, this, v); }
    public Tensor ge(double v) { return Elementwise.binary(BinaryOp.GE, this, v); }
    public Tensor logicalAnd(Tensor other) { return Elementwise.binary(BinaryOp.LOGICAL_AND, this, other); }
    public Tensor logicalOr(Tensor other) { return Elementwise.binary(BinaryOp.LOGICAL_OR, this, other); }
    public Tensor logicalXor(Tensor other) { return Elementwise.binary(BinaryOp.LOGICAL_XOR, this, other); }
    public Tensor bitwiseAnd(Tensor other) { return Elementwise.binary(BinaryOp.BITWISE_AND, this, other); }
    public Tensor bitwiseOr(Tensor other) { return Elementwise.binary(BinaryOp.BITWISE_OR, this, other); }
    public Tensor bitwiseXor(Tensor other) { return Elementwise.binary(BinaryOp.BITWISE_XOR, this, other); }

    /** {@code this << other}, elementwise on integers. */
    public Tensor bitwiseLeftShift(Tensor other) {
        return Elementwise.binary(BinaryOp.SHIFT_LEFT, this, other);
    }

    /** {@code this >> other}, elementwise on integers (logical for unsigned types). */
    public Tensor bitwiseRightShift(Tensor other) {
        return Elementwise.binary(BinaryOp.SHIFT_RIGHT, this, other);
    }

    /** {@code condition ? a : b}, broadcast, as {@code torch.where}. */
    public static Tensor where(Tensor condition, Tensor a, Tensor b) {
        return Elementwise.where(condition, a, b);
    }

    /** {@code condition ? this : other}. */
    public Tensor where(Tensor condition, Tensor other) {
        return Elementwise.where(condition, this, other);
    }

    /** Elements where {@code mask} is true replaced by {@code value}. */
    public Tensor maskedFill(Tensor mask, double value) {
        return Elementwise.where(mask, Tensor.scalar(value, dtype).to(device()), this);
    }

    // ---------------------------------------------------------------- in place

    public Tensor add_(Tensor other) { return Elementwise.inPlace(BinaryOp.ADD, this, other); }
    public Tensor add_(Tensor other, double alpha) { return add_(alpha == 1 ? other : other.mul(alpha)); }
    public Tensor add_(double v) { return Elementwise.inPlace(BinaryOp.ADD, this, Tensor.scalar(v, dtype).to(device())); }
    public Tensor sub_(Tensor other) { return Elementwise.inPlace(BinaryOp.SUB, this, other); }
    public Tensor sub_(double v) { return Elementwise.inPlace(BinaryOp.SUB, this, Tensor.scalar(v, dtype).to(device())); }
    public Tensor mul_(Tensor other) { return Elementwise.inPlace(BinaryOp.MUL, this, other); }
    public Tensor mul_(double v) { return Elementwise.inPlace(BinaryOp.MUL, this, Tensor.scalar(v, dtype).to(device())); }
    public Tensor div_(Tensor other) { return Elementwise.inPlace(BinaryOp.DIV, this, other); }
    public Tensor div_(double v) { return Elementwise.inPlace(BinaryOp.DIV, this, Tensor.scalar(v, dtype).to(device())); }

    /** {@code this += value * t1 * t2}. */
    public Tensor addcmul_(Tensor t1, Tensor t2, double value) {
        return add_(t1.mul(t2), value);
    }

    /** {@code this += value * t1 / t2}. */
    public Tensor addcdiv_(Tensor t1, Tensor t2, double value) {
        return add_(t1.div(t2), value);
    }

    /** Clamps in place. */
    public Tensor clamp_(Double min, Double max) {
        // under autograd the clamp reads a copy, since this tensor's old value is about to change
        return Transfer.copyInto(this, (Autograd.needsGrad(this) ? clone() : this).clamp(min, max));
    }

    /** Elements where {@code mask} is true set to {@code value}, in place. */
    public Tensor maskedFill_(Tensor mask, double value) {
        return Transfer.copyInto(this, maskedFill(mask, value));
    }

    // ---------------------------------------------------------------- reductions

    /** The sum of all elements (integers sum to int64). */
    public Tensor sum() {
        return Reductions.reduce(ReduceOp.SUM, this, new int[0], false);
    }

    /** The sum along {@code dim}. */
    public Tensor sum(int dim, boolean keepdim) {
        return Reductions.reduce(ReduceOp.SUM, this, new int[] {dim}, keepdim);
    }

    /** The sum along {@code dims} (empty: all). */
    public Tensor sum(int[] dims, boolean keepdim) {
        return Reductions.reduce(ReduceOp.SUM, this, dims, keepdim);
    }

    /** The mean of all elements (floating point only, as in PyTorch). */
    public Tensor mean() {
        return Reductions.mean(this, new int[0], false);
    }

    /** The mean along {@code dim}. */
    public Tensor mean(int dim, boolean keepdim) {
        return Reductions.mean(this, new int[] {dim}, keepdim);
    }

    /** The mean along {@code dims} (empty: all). */
    public Tensor mean(int[] dims, boolean keepdim) {
        return Reductions.mean(this, dims, keepdim);
    }

    /** The product of all elements. */
    public Tensor prod() {
        return Reductions.reduce(ReduceOp.PROD, this, new int[0], false);
    }

    /** The product along {@code dim}. */
    public Tensor prod(int dim, boolean keepdim) {
        return Reductions.reduce(ReduceOp.PROD, this, new int[] {dim}, keepdim);
    }

    /** The largest element (NaN if any is NaN). */
    public Tensor max() {
        return Reductions.reduce(ReduceOp.MAX, this, new int[0], false);
    }

    /** The smallest element. */
    public Tensor min() {
        return Reductions.reduce(ReduceOp.MIN, this, new int[0], false);
    }

    /** The largest values along {@code dim} with their indices, as {@code torch.max(x, dim)}. */
    public ValuesIndices max(int dim, boolean keepdim) {
        return Reductions.maxMin(true, this, dim, keepdim);
    }

    /** The smallest values along {@code dim} with their indices. */
    public ValuesIndices min(int dim, boolean keepdim) {
        return Reductions.maxMin(false, this, dim, keepdim);
    }

    /** The largest values along {@code dims} (empty: all), as {@code amax}. */
    public Tensor amax(int[] dims, boolean keepdim) {
        return Reductions.reduce(ReduceOp.MAX, this, dims, keepdim);
    }

    /** The smallest values along {@code dims} (empty: all), as {@code amin}. */
    public Tensor amin(int[] dims, boolean keepdim) {
        return Reductions.reduce(ReduceOp.MIN, this, dims, keepdim);
    }

    /** The flat index of the largest element. */
    public Tensor argmax() {
        return Reductions.argReduce(true, flatten(), 0, false);
    }

    /** The indices of the largest elements along {@code dim}. */
    public Tensor argmax(int dim, boolean keepdim) {
        return Reductions.argReduce(true, this, dim, keepdim);
    }

    /** The flat index of the smallest element. */
    public Tensor argmin() {
        return Reductions.argReduce(false, flatten(), 0, false);
    }

    /** The indices of the smallest elements along {@code dim}. */
    public Tensor argmin(int dim, boolean keepdim) {
        return Reductions.argReduce(false, this, dim, keepdim);
    }

    /** The variance along {@code dims} (empty: all) with Bessel's {@code correction} (1 unbiased). */
    public Tensor var(int[] dims, double correction, boolean keepdim) {
        return Reductions.var(this, dims, correction, keepdim);
    }

    /** The standard deviation along {@code dims} with {@code correction}. */
    public Tensor std(int[] dims, double correction, boolean keepdim) {
        return Reductions.var(this, dims, correction, keepdim).sqrt();
    }

    /** {@code log(sum(exp(x)))} along {@code dims}, computed stably. */
    public Tensor logsumexp(int[] dims, boolean keepdim) {
        return Reductions.logsumexp(this, dims, keepdim);
    }

    /** The p-norm of all elements (p may be infinite). */
    public Tensor norm(double p) {
        return Reductions.norm(this, p, new int[0], false);
    }

    /** The p-norm along {@code dims}. */
    public Tensor norm(double p, int[] dims, boolean keepdim) {
        return Reductions.norm(this, p, dims, keepdim);
    }

    /** The cumulative sum along {@code dim}. */
    public Tensor cumsum(int dim) {
        return Reductions.cumulative(false, this, dim);
    }

    /** The cumulative product along {@code dim}. */
    public Tensor cumprod(int dim) {
        return Reductions.cumulative(true, this, dim);
    }

    /** True (a bool scalar) when any element is non-zero. */
    public Tensor any() {
        return Reductions.reduce(ReduceOp.ANY, this, new int[0], false);
    }

    /** Any along {@code dim}. */
    public Tensor any(int dim, boolean keepdim) {
        return Reductions.reduce(ReduceOp.ANY, this, new int[] {dim}, keepdim);
    }

    /** True (a bool scalar) when every element is non-zero. */
    public Tensor all() {
        return Reductions.reduce(ReduceOp.ALL, this, new int[0], false);
    }

    /** All along {@code dim}. */
    public Tensor all(int dim, boolean keepdim) {
        return Reductions.reduce(ReduceOp.ALL, this, new int[] {dim}, keepdim);
    }

    // ---------------------------------------------------------------- linear algebra

    /** The matrix product with NumPy's rules for 1-d operands and batch broadcasting. */
    public Tensor matmul(Tensor other) {
        return Linalg.matmul(this, other);
    }

    /** The product of two matrices. */
    public Tensor mm(Tensor other) {
        return Linalg.mm(this, other);
    }

    /** The product of two batches of matrices of equal batch size. */
    public Tensor bmm(Tensor other) {
        return Linalg.bmm(this, other);
    }

    // ---------------------------------------------------------------- indexing

    /** {@code out[i][j] = this[index[i][j]][j]} for dim 0, and so on, as {@code torch.gather}. */
    public Tensor gather(int dim, Tensor index) {
        return Indexing.gather(this, dim, index);
    }

    /** A copy with {@code src} written at {@code index} along {@code dim}, as {@code torch.scatter}. */
    public Tensor scatter(int dim, Tensor index, Tensor src) {
        return Indexing.scatter(this, dim, index, src);
    }

    /** A copy with {@code src} added at {@code index} along {@code dim}, as {@code torch.scatter_add}. */
    public Tensor scatterAdd(int dim, Tensor index, Tensor src) {
        return Indexing.scatterAdd(this, dim, index, src);
    }

    /** The slices at {@code index} along {@code dim}. */
    public Tensor indexSelect(int dim, Tensor index) {
        return Indexing.indexSelect(this, dim, index);
    }

    /** A copy with {@code src}'s slices added at {@code index} along {@code dim}, as {@code index_add}. */
    public Tensor indexAdd(int dim, Tensor index, Tensor src) {
        return Indexing.indexAdd(this, dim, index, src);
    }

    /** The elements where {@code mask} is true, as a 1-d tensor. */
    public Tensor maskedSelect(Tensor mask) {
        return Indexing.maskedSelect(this, mask);
    }

    /** Sorted values along {@code dim} with their original indices (stable). */
    public ValuesIndices sort(int dim, boolean descending) {
        return Indexing.sort(this, dim, descending);
    }

    /** The indices that sort along {@code dim}. */
    public Tensor argsort(int dim, boolean descending) {
        return sort(dim, descending).indices();
    }

    /** The {@code k} largest (or smallest) values along {@code dim} with their indices, sorted. */
    public ValuesIndices topk(long k, int dim, boolean largest) {
        return Indexing.topk(this, k, dim, largest);
    }

    /** Concatenates tensors along {@code dim}. */
    public static Tensor cat(List<Tensor> tensors, int dim) {
        return Indexing.cat(tensors, dim);
    }

    /** Stacks tensors of one shape along a new dimension {@code dim}. */
    public static Tensor stack(List<Tensor> tensors, int dim) {
        return Indexing.stack(tensors, dim);
    }

    /** A copy with the elements in reverse order along each of {@code dims}, as {@code torch.flip}. */
    public Tensor flip(int... dims) {
        return Rearrange.flip(this, dims);
    }

    /** A copy shifted by {@code shift} along {@code dim}, elements wrapping around, as {@code torch.roll}. */
    public Tensor roll(long shift, int dim) {
        return Rearrange.roll(this, new long[] {shift}, new int[] {dim});
    }

    /**
     * A copy shifted by {@code shifts[i]} along {@code dims[i]}; with no dims, the flattened tensor is
     * shifted by the single shift and the shape kept, as {@code torch.roll}.
     */
    public Tensor roll(long[] shifts, int[] dims) {
        return Rearrange.roll(this, shifts, dims);
    }

    /** The lower triangle of the last two dimensions (the rest zero), as {@code torch.tril}. */
    public Tensor tril() {
        return Masks.triangle(this, 0, true);
    }

    /** The elements on and below the {@code diagonal}-th diagonal (positive: above the main one), as {@code tril}. */
    public Tensor tril(long diagonal) {
        return Masks.triangle(this, diagonal, true);
    }

    /** The upper triangle of the last two dimensions (the rest zero), as {@code torch.triu}. */
    public Tensor triu() {
        return Masks.triangle(this, 0, false);
    }

    /** The elements on and above the {@code diagonal}-th diagonal (positive: above the main one), as {@code triu}. */
    public Tensor triu(long diagonal) {
        return Masks.triangle(this, diagonal, false);
    }

    /** The int64 coordinates {@code [count, dim]} of the non-zero elements in row-major order, as {@code torch.nonzero}. */
    public Tensor nonzero() {
        return Masks.nonzero(this);
    }

    /** The same as {@link #nonzero()}, as {@code torch.argwhere}. */
    public Tensor argwhere() {
        return Masks.nonzero(this);
    }

    /**
     * A copy with the elements where {@code mask} is true replaced, in row-major order, by the leading
     * elements of {@code source}, as {@code torch.Tensor.masked_scatter}.
     */
    public Tensor maskedScatter(Tensor mask, Tensor source) {
        return Masks.maskedScatter(this, mask, source);
    }

    /** Repeats the tensor along each dimension, as {@code torch.Tensor.repeat}. */
    public Tensor repeat(long... repeats) {
        return Indexing.repeat(this, repeats);
    }

    // ---------------------------------------------------------------- printing

    /** Prints as PyTorch does: {@code tensor([[1., 2.], [3., 4.]])}, with dtype, device and grad_fn when not default. */
    @Override
    public String toString() {
        return TensorFormat.format(this);
    }

    /** A pair of values and their int64 indices, from {@code max(dim)}, {@code sort}, {@code topk}. */
    public record ValuesIndices(Tensor values, Tensor indices) {}
}
