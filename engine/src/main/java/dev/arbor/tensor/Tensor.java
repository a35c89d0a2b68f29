package dev.arbor.tensor;

import dev.arbor.backend.BinaryOp;
import dev.arbor.backend.ReduceOp;
import dev.arbor.backend.UnaryOp;
import dev.arbor.ops.Creation;
import dev.arbor.ops.Elementwise;
import dev.arbor.ops.FusedElementwise;
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

    /**
     * Makes a view of {@code storage}; see {@link #wrap}.
     *
     * @param storage the memory to view
     * @param dtype the element type
     * @param shape the shape (none for a 0-d tensor)
     * @param strides the strides, in elements
     * @param offset the offset of the first element, in elements
     */
    protected Tensor(Storage storage, DType dtype, long[] shape, long[] strides, long offset) {
        this.storage = storage;
        this.dtype = dtype;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
    }

    /**
     * {@return a tensor viewing existing storage (a mapped file, a plugin's device memory) without a copy}
     *
     * @param storage the memory to view
     * @param dtype the element type
     * @param shape the sizes
     * @param strides the strides, in elements
     * @param offset the offset of the first element, in elements
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
     * @param source the tensor whose storage to view
     * @param shape the sizes
     * @param strides the strides, in elements
     * @param offset the offset of the first element, in elements
     * @return the view
     * @throws IllegalArgumentException when the view would reach outside the storage
     */
    public static Tensor viewOf(Tensor source, long[] shape, long[] strides, long offset) {
        Tensor t = wrap(source.storage, source.dtype, shape, strides, offset);
        t.viewBase = source.viewBase != null ? source.viewBase : source;
        t.baseHistorySeen = t.viewBase.historyVersion;
        return t;
    }

    // ---------------------------------------------------------------- metadata

    /** {@return the storage this tensor views} */
    public Storage storage() {
        return storage;
    }

    /** {@return the element type} */
    public DType dtype() {
        return dtype;
    }

    /** {@return the device the storage lives on} */
    public Device device() {
        return storage.device();
    }

    /** {@return a copy of the shape} */
    public long[] shape() {
        return shape.clone();
    }

    /**
     * {@return the size of dimension {@code dim} (negative counts from the end)}
     *
     * @param dim the dimension (negative counts from the end)
     */
    public long size(int dim) {
        return shape[Shapes.wrapDim(dim, shape.length)];
    }

    /** {@return a copy of the strides, in elements} */
    public long[] strides() {
        return strides.clone();
    }

    /**
     * {@return the stride of dimension {@code dim}, in elements}
     *
     * @param dim the dimension (negative counts from the end)
     */
    public long stride(int dim) {
        return strides[Shapes.wrapDim(dim, shape.length)];
    }

    /** {@return the offset of the first element in the storage, in elements} */
    public long offset() {
        return offset;
    }

    /** {@return the number of dimensions} */
    public int dim() {
        return shape.length;
    }

    /** {@return the number of elements} */
    public long numel() {
        return Shapes.numel(shape);
    }

    /** {@return true when the elements lie in row-major order without gaps} */
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

    /** {@return the storage's version counter, bumped by every in-place change} */
    public int version() {
        return storage.version();
    }

    /** {@return PyTorch's legacy type name, such as {@code torch.FloatTensor}, used in autograd messages} */
    public String typeDescription() {
        String base = dtype.legacyName();
        return (device().isCpu() ? "torch." : "torch." + device().type() + ".") + base + "Tensor";
    }

    // ---------------------------------------------------------------- autograd

    /** {@return true when gradients are computed for this tensor} */
    public boolean requiresGrad() {
        refreshViewHistory();
        return requiresGrad;
    }

    /**
     * Sets whether autograd records operations on this leaf, as {@code requires_grad_()}.
     *
     * @param requires whether to record operations for gradients
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

    /** {@return the accumulated gradient, or null} */
    public Tensor grad() {
        return grad;
    }

    /**
     * Replaces the gradient (null clears it), as assigning {@code .grad}.
     *
     * @param grad the new gradient, or null
     */
    public void setGrad(Tensor grad) {
        if (grad != null && !java.util.Arrays.equals(grad.shape, shape)) {
            throw new IllegalArgumentException("assigned grad has data of a different size: " + Shapes.str(grad.shape)
                    + " vs " + Shapes.str(shape));
        }
        if (grad != null && (grad.dtype != dtype || !grad.device().equals(device()))) {
            throw new IllegalArgumentException("assigned grad has data of a different type or device: " + grad.dtype
                    + " on " + grad.device() + " for a " + dtype + " tensor on " + device());
        }
        this.grad = grad;
    }

    /** {@return the node that made this tensor, or null for a leaf} */
    public Node gradFn() {
        refreshViewHistory();
        return gradFn;
    }

    /** {@return true for tensors not made by a recorded op (user-made tensors and parameters)} */
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
            accumulateGrad(g, false);
            return g;
        });
    }

    /**
     * Registers a hook that sees, and may replace (by returning a tensor), this tensor's gradient
     * each time it is computed; return null to keep it.
     *
     * @param hook called with the gradient; returns a replacement or null
     * @return a handle whose {@code remove()} unregisters the hook
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

    /**
     * Computes gradients given the gradient of this (non-scalar) tensor.
     *
     * @param gradient the gradient of this tensor, of its shape
     */
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

    /** {@return a tensor sharing this one's data, outside the graph} */
    public Tensor detach() {
        return new Tensor(storage, dtype, shape, strides, offset);
    }

    /**
     * Detaches this tensor from the graph in place, making it a leaf.
     *
     * @return this tensor
     */
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

    /**
     * Adds {@code g} to this tensor's gradient. The first gradient is copied unless {@code owned} says
     * nothing else can reach its memory (PyTorch steals a gradient nothing else references the same way),
     * so that a later in-place accumulation changes no other tensor.
     */
    void accumulateGrad(Tensor g, boolean owned) {
        if (grad == null) {
            grad = GradMode.isEnabled() ? g : owned && g.isContiguous() ? g.detach() : g.detach().clone();
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
     *
     * @param source the tensor whose data to take
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

    /**
     * {@return a tensor with unspecified contents (its memory may be reused): write every element before reading}
     *
     * @param dtype the element type
     * @param device the device
     * @param shape the shape (none for a 0-d tensor)
     */
    public static Tensor empty(DType dtype, Device device, long... shape) {
        return Creation.empty(dtype, device, shape);
    }

    /**
     * {@return a float32 tensor of zeros on the CPU}
     *
     * @param shape the shape (none for a 0-d tensor)
     */
    public static Tensor zeros(long... shape) {
        return Creation.full(0, DType.FLOAT32, Device.CPU, shape);
    }

    /**
     * {@return a tensor of zeros}
     *
     * @param dtype the element type
     * @param shape the shape (none for a 0-d tensor)
     */
    public static Tensor zeros(DType dtype, long... shape) {
        return Creation.full(0, dtype, Device.CPU, shape);
    }

    /**
     * {@return a tensor of zeros on a device}
     *
     * @param dtype the element type
     * @param device the device
     * @param shape the shape (none for a 0-d tensor)
     */
    public static Tensor zeros(DType dtype, Device device, long... shape) {
        return Creation.full(0, dtype, device, shape);
    }

    /**
     * {@return a float32 tensor of ones on the CPU}
     *
     * @param shape the shape (none for a 0-d tensor)
     */
    public static Tensor ones(long... shape) {
        return Creation.full(1, DType.FLOAT32, Device.CPU, shape);
    }

    /**
     * {@return a tensor of ones}
     *
     * @param dtype the element type
     * @param shape the shape (none for a 0-d tensor)
     */
    public static Tensor ones(DType dtype, long... shape) {
        return Creation.full(1, dtype, Device.CPU, shape);
    }

    /**
     * {@return a tensor filled with {@code value}}
     *
     * @param value the value of every element
     * @param dtype the element type
     * @param shape the shape (none for a 0-d tensor)
     * @throws IllegalArgumentException when the value overflows the dtype, with PyTorch's message
     *                                  ({@code value cannot be converted to type uint8_t without overflow})
     */
    public static Tensor full(Number value, DType dtype, long... shape) {
        return Creation.full(value, dtype, Device.CPU, shape);
    }

    /**
     * {@return a tensor filled with {@code value} on a device}
     *
     * @param value the value of every element
     * @param dtype the element type
     * @param device the device
     * @param shape the shape (none for a 0-d tensor)
     * @throws IllegalArgumentException when the value overflows the dtype, with PyTorch's message
     *                                  ({@code value cannot be converted to type uint8_t without overflow})
     */
    public static Tensor full(Number value, DType dtype, Device device, long... shape) {
        return Creation.full(value, dtype, device, shape);
    }

    /**
     * {@return zeros with this tensor's shape, dtype and device}
     *
     * @param t the tensor whose shape, dtype and device to take
     */
    public static Tensor zerosLike(Tensor t) {
        return Creation.full(0, t.dtype, t.device(), t.shape);
    }

    /**
     * {@return ones with this tensor's shape, dtype and device}
     *
     * @param t the tensor whose shape, dtype and device to take
     */
    public static Tensor onesLike(Tensor t) {
        return Creation.full(1, t.dtype, t.device(), t.shape);
    }

    /**
     * {@return {@code value} with this tensor's shape, dtype and device}
     *
     * @param t the tensor whose shape, dtype and device to take
     * @param value the value of every element
     * @throws IllegalArgumentException when the value overflows the dtype, with PyTorch's message
     *                                  ({@code value cannot be converted to type uint8_t without overflow})
     */
    public static Tensor fullLike(Tensor t, Number value) {
        return Creation.full(value, t.dtype, t.device(), t.shape);
    }

    /**
     * {@return {@code 0, 1, ..., end-1} as int64}
     *
     * @param end one past the last value (before it, for a negative step)
     */
    public static Tensor arange(long end) {
        return Creation.arange(0, end, 1, DType.INT64);
    }

    /**
     * {@return {@code start, start+step, ...} up to but excluding {@code end}, in {@code dtype}}
     *
     * @param start the first value
     * @param end one past the last value (before it, for a negative step)
     * @param step the difference between neighbours
     * @param dtype the element type
     */
    public static Tensor arange(double start, double end, double step, DType dtype) {
        return Creation.arange(start, end, step, dtype);
    }

    /**
     * {@return {@code steps} evenly spaced float32 values from {@code start} to {@code end} inclusive}
     *
     * @param start the first value
     * @param end the last value
     * @param steps the number of values
     */
    public static Tensor linspace(double start, double end, long steps) {
        return Creation.linspace(start, end, steps, DType.FLOAT32);
    }

    /**
     * {@return {@code steps} evenly spaced values from {@code start} to {@code end} inclusive}
     *
     * @param start the first value
     * @param end the last value
     * @param steps the number of values
     * @param dtype the element type
     */
    public static Tensor linspace(double start, double end, long steps, DType dtype) {
        return Creation.linspace(start, end, steps, dtype);
    }

    /**
     * {@return the float32 {@code n x n} identity matrix}
     *
     * @param n the number of rows
     */
    public static Tensor eye(long n) {
        return Creation.eye(n, n, DType.FLOAT32);
    }

    /**
     * {@return an {@code n x m} matrix with ones on the diagonal}
     *
     * @param n the number of rows
     * @param m the number of columns
     * @param dtype the element type
     */
    public static Tensor eye(long n, long m, DType dtype) {
        return Creation.eye(n, m, dtype);
    }

    /**
     * {@return uniform values in [0, 1) from a generator, float32}
     *
     * @param gen the source of random numbers
     * @param shape the shape (none for a 0-d tensor)
     */
    public static Tensor rand(Generator gen, long... shape) {
        return Creation.rand(gen, DType.FLOAT32, shape);
    }

    /**
     * {@return uniform values in [0, 1) from a generator}
     *
     * @param gen the source of random numbers
     * @param dtype the element type
     * @param shape the shape (none for a 0-d tensor)
     */
    public static Tensor rand(Generator gen, DType dtype, long... shape) {
        return Creation.rand(gen, dtype, shape);
    }

    /**
     * {@return standard normal values from a generator, float32}
     *
     * @param gen the source of random numbers
     * @param shape the shape (none for a 0-d tensor)
     */
    public static Tensor randn(Generator gen, long... shape) {
        return Creation.randn(gen, DType.FLOAT32, shape);
    }

    /**
     * {@return standard normal values from a generator}
     *
     * @param gen the source of random numbers
     * @param dtype the element type
     * @param shape the shape (none for a 0-d tensor)
     */
    public static Tensor randn(Generator gen, DType dtype, long... shape) {
        return Creation.randn(gen, dtype, shape);
    }

    /**
     * {@return uniform int64 integers in [low, high) from a generator}
     *
     * @param gen the source of random numbers
     * @param low the lowest value
     * @param high one past the highest value
     * @param shape the shape (none for a 0-d tensor)
     */
    public static Tensor randint(Generator gen, long low, long high, long... shape) {
        return Creation.randint(gen, low, high, shape);
    }

    /**
     * {@return a float32 tensor with these values, in row-major order, and this shape (1-d when omitted)}
     *
     * @param data the values, row-major
     * @param shape the shape (1-d when omitted)
     */
    public static Tensor of(float[] data, long... shape) {
        return Creation.fromArray(data, DType.FLOAT32, shape);
    }

    /**
     * {@return a float64 tensor with these values}
     *
     * @param data the values, row-major
     * @param shape the shape (1-d when omitted)
     */
    public static Tensor of(double[] data, long... shape) {
        return Creation.fromArray(data, DType.FLOAT64, shape);
    }

    /**
     * {@return an int64 tensor with these values}
     *
     * @param data the values, row-major
     * @param shape the shape (1-d when omitted)
     */
    public static Tensor of(long[] data, long... shape) {
        return Creation.fromArray(data, DType.INT64, shape);
    }

    /**
     * {@return an int32 tensor with these values}
     *
     * @param data the values, row-major
     * @param shape the shape (1-d when omitted)
     */
    public static Tensor of(int[] data, long... shape) {
        return Creation.fromArray(data, DType.INT32, shape);
    }

    /**
     * {@return a bool tensor with these values}
     *
     * @param data the values, row-major
     * @param shape the shape (1-d when omitted)
     */
    public static Tensor of(boolean[] data, long... shape) {
        return Creation.fromArray(data, DType.BOOL, shape);
    }

    /**
     * {@return a tensor of {@code dtype} with these values converted (each element's array a float64 value)}
     *
     * @param data the values, row-major
     * @param dtype the element type
     * @param shape the shape (1-d when omitted)
     */
    public static Tensor of(double[] data, DType dtype, long... shape) {
        return Creation.fromArray(data, dtype, shape);
    }

    /**
     * {@return a 0-d float32 tensor}
     *
     * @param value the value
     */
    public static Tensor scalar(double value) {
        return Creation.full(value, DType.FLOAT32, Device.CPU);
    }

    /**
     * {@return a 0-d tensor of {@code dtype}}
     *
     * @param value the value
     * @param dtype the element type
     */
    public static Tensor scalar(Number value, DType dtype) {
        return Creation.full(value, dtype, Device.CPU);
    }

    // ---------------------------------------------------------------- data access

    /** {@return the elements as float32, row-major} */
    public float[] toFloatArray() {
        return Transfer.toFloatArray(this);
    }

    /** {@return the elements as float64, row-major} */
    public double[] toDoubleArray() {
        return Transfer.toDoubleArray(this);
    }

    /** {@return the elements as int64, row-major (floating values truncated)} */
    public long[] toLongArray() {
        return Transfer.toLongArray(this);
    }

    /** {@return the elements as booleans (non-zero is true), row-major} */
    public boolean[] toBooleanArray() {
        return Transfer.toBooleanArray(this);
    }

    /** {@return the value of a one-element tensor as a double} */
    public double item() {
        return Transfer.item(this).doubleValue();
    }

    /** {@return the value of a one-element tensor as a long (exact for integers; uint64's bits as they are)} */
    public long itemLong() {
        return Transfer.item(this).longValue();
    }

    /**
     * {@return the element at a full index, as a double}
     *
     * @param index one index per dimension (negative counts from the end)
     */
    public double get(long... index) {
        return Transfer.get(this, index);
    }

    // ---------------------------------------------------------------- conversion and copies

    /**
     * {@return this tensor converted to {@code dtype} (itself when it already has it)}
     *
     * @param dtype the element type
     */
    public Tensor to(DType dtype) {
        return Transfer.toDType(this, dtype);
    }

    /**
     * {@return this tensor on {@code device} (itself when already there)}
     *
     * @param device the device
     */
    public Tensor to(Device device) {
        return Transfer.toDevice(this, device);
    }

    /** {@return this tensor on the CPU} */
    public Tensor cpu() {
        return to(Device.CPU);
    }

    /** {@return a copy with its own contiguous storage, differentiable} */
    public Tensor clone() {
        return Transfer.cloneTensor(this);
    }

    /** {@return this tensor if contiguous, otherwise a contiguous copy} */
    public Tensor contiguous() {
        return isContiguous() ? this : clone();
    }

    /**
     * Copies {@code src} (broadcast, converted, from any device) into this tensor in place.
     *
     * @param src the values to write
     * @return this tensor
     */
    public Tensor copy_(Tensor src) {
        return Transfer.copyInto(this, src);
    }

    /**
     * Sets every element to {@code value} in place.
     *
     * @param value the new value
     * @return this tensor
     * @throws IllegalArgumentException when the value overflows the dtype, with PyTorch's message
     *                                  ({@code value cannot be converted to type uint8_t without overflow})
     */
    public Tensor fill_(Number value) {
        return Transfer.fill(this, value);
    }

    /**
     * Sets every element to zero in place.
     *
     * @return this tensor
     */
    public Tensor zero_() {
        return fill_(0);
    }

    /**
     * Fills in place with uniform values in [low, high).
     *
     * @param gen the source of random numbers
     * @param low the lowest value
     * @param high the upper bound (excluded)
     * @return this tensor
     */
    public Tensor uniform_(Generator gen, double low, double high) {
        return Transfer.copyInto(this, Creation.rand(gen, dtype.isFloatingPoint() ? dtype : DType.FLOAT64, shape)
                .mul(high - low).add(low));
    }

    /**
     * Fills in place with normal values of this mean and standard deviation.
     *
     * @param gen the source of random numbers
     * @param mean the mean
     * @param std the standard deviation
     * @return this tensor
     */
    public Tensor normal_(Generator gen, double mean, double std) {
        return Transfer.copyInto(this, Creation.randn(gen, dtype.isFloatingPoint() ? dtype : DType.FLOAT64, shape)
                .mul(std).add(mean));
    }

    // ---------------------------------------------------------------- views

    /**
     * {@return a view with a new shape (one dimension may be -1); the layout must allow it}
     *
     * @param newShape the new shape; one dimension may be -1
     */
    public Tensor view(long... newShape) {
        return Views.view(this, newShape);
    }

    /**
     * {@return {@link #view} when the layout allows it, otherwise a reshaped copy}
     *
     * @param newShape the new shape; one dimension may be -1, inferred from the element count
     */
    public Tensor reshape(long... newShape) {
        return Views.reshape(this, newShape);
    }

    /**
     * Reorders the dimensions.
     *
     * @param dims the new order of the dimensions
     * @return a view with the dimensions in the new order
     */
    public Tensor permute(int... dims) {
        return Views.permute(this, dims);
    }

    /**
     * Swaps two dimensions.
     *
     * @param dim0 one dimension
     * @param dim1 the other dimension
     * @return a view with the two dimensions swapped
     */
    public Tensor transpose(int dim0, int dim1) {
        return Views.transpose(this, dim0, dim1);
    }

    /** {@return the transpose of a matrix (0-d and 1-d tensors are returned as they are)} */
    public Tensor t() {
        if (dim() > 2) {
            throw new IllegalArgumentException("t() expects a tensor with <= 2 dimensions, but self is " + dim() + "D");
        }
        return dim() < 2 ? this : transpose(0, 1);
    }

    /**
     * Moves dimension {@code source} to position {@code destination}.
     *
     * @param source the dimension to move
     * @param destination where it goes
     * @return a view with the dimension moved
     */
    public Tensor movedim(int source, int destination) {
        return Views.movedim(this, source, destination);
    }

    /**
     * {@return a view repeating size-1 dimensions to {@code sizes} (-1 keeps a size), without copying}
     *
     * @param sizes the new sizes; -1 keeps a size
     */
    public Tensor expand(long... sizes) {
        return Views.expand(this, sizes);
    }

    /**
     * {@return {@link #expand} to another tensor's shape}
     *
     * @param other the other operand, broadcast against this one
     */
    public Tensor expandAs(Tensor other) {
        return expand(other.shape);
    }

    /**
     * {@return {@code length} elements of {@code dim} from {@code start}}
     *
     * @param dim the dimension (negative counts from the end)
     * @param start the first index (negative counts from the end)
     * @param length how many elements
     */
    public Tensor narrow(int dim, long start, long length) {
        return Views.narrow(this, dim, start, length);
    }

    /**
     * {@return elements {@code start, start+step, ...} before {@code end} of {@code dim} (Python slice rules)}
     *
     * @param dim the dimension (negative counts from the end)
     * @param start the first index (clamped, negative counts from the end)
     * @param end the end index (clamped, negative counts from the end)
     * @param step the step, positive
     */
    public Tensor slice(int dim, long start, long end, long step) {
        return Views.slice(this, dim, start, end, step);
    }

    /**
     * {@return the slice at {@code index} of {@code dim}, with that dimension removed}
     *
     * @param dim the dimension (negative counts from the end)
     * @param index the index (negative counts from the end)
     */
    public Tensor select(int dim, long index) {
        return Views.select(this, dim, index);
    }

    /**
     * Removes every size-1 dimension.
     *
     * @return a view without those size-1 dimensions
     */
    public Tensor squeeze() {
        return Views.squeeze(this, null);
    }

    /**
     * Removes {@code dim} if its size is 1.
     *
     * @param dim the dimension (negative counts from the end)
     * @return a view without those size-1 dimensions
     */
    public Tensor squeeze(int dim) {
        return Views.squeeze(this, new int[] {dim});
    }

    /**
     * Inserts a size-1 dimension at {@code dim}.
     *
     * @param dim the dimension (negative counts from the end)
     * @return a view with the new size-1 dimension
     */
    public Tensor unsqueeze(int dim) {
        return Views.unsqueeze(this, dim);
    }

    /**
     * Flattens to one dimension.
     *
     * @return the flattened tensor (a view when the layout allows it)
     */
    public Tensor flatten() {
        return flatten(0, -1);
    }

    /**
     * Flattens dimensions {@code startDim..endDim} into one.
     *
     * @param startDim the first dimension to merge
     * @param endDim the last dimension to merge (inclusive)
     * @return the flattened tensor (a view when the layout allows it)
     */
    public Tensor flatten(int startDim, int endDim) {
        return Views.flatten(this, startDim, endDim);
    }

    /**
     * Splits dimension {@code dim} into {@code sizes}.
     *
     * @param dim the dimension (negative counts from the end)
     * @param sizes the sizes it splits into; one may be -1
     * @return a view with the dimension split
     */
    public Tensor unflatten(int dim, long... sizes) {
        return Views.unflatten(this, dim, sizes);
    }

    /**
     * {@return a view with arbitrary sizes, strides and offset over the same storage, as {@code as_strided}}
     *
     * @param size the sizes of the view
     * @param stride the strides, in elements
     * @param storageOffset the offset of the first element in the storage, in elements
     */
    public Tensor asStrided(long[] size, long[] stride, long storageOffset) {
        return Views.asStrided(this, size, stride, storageOffset);
    }

    /**
     * {@return sliding windows of {@code size} with {@code step} along {@code dim}, as a new last dimension}
     *
     * @param dim the dimension (negative counts from the end)
     * @param size the window size
     * @param step the step between windows
     */
    public Tensor unfold(int dim, long size, long step) {
        return Views.unfold(this, dim, size, step);
    }

    /**
     * {@return views of {@code splitSize} elements along {@code dim} (the last may be smaller)}
     *
     * @param splitSize the size of each piece
     * @param dim the dimension to split
     */
    public List<Tensor> split(long splitSize, int dim) {
        return Views.split(this, splitSize, dim);
    }

    /**
     * {@return views with the given sizes along {@code dim}}
     *
     * @param sizes the size of each piece, summing to the dimension's size
     * @param dim the dimension to split
     */
    public List<Tensor> split(long[] sizes, int dim) {
        return Views.splitWithSizes(this, sizes, dim);
    }

    /**
     * {@return {@code chunks} views of near-equal size along {@code dim}, as {@code torch.chunk}}
     *
     * @param chunks the number of pieces
     * @param dim the dimension to split
     */
    public List<Tensor> chunk(int chunks, int dim) {
        return Views.chunk(this, chunks, dim);
    }

    /**
     * {@return the slices along {@code dim}, each with that dimension removed}
     *
     * @param dim the dimension to take slices along
     */
    public List<Tensor> unbind(int dim) {
        List<Tensor> out = new ArrayList<>();
        for (long i = 0; i < size(dim); i++) {
            out.add(select(dim, i));
        }
        return out;
    }

    // ---------------------------------------------------------------- elementwise

    /**
     * {@return {@code this + other}}
     *
     * @param other the other operand, broadcast against this one
     */
    public Tensor add(Tensor other) {
        return Elementwise.binary(BinaryOp.ADD, this, other);
    }

    /**
     * {@return {@code this + alpha * other}}
     *
     * @param other the other operand, broadcast against this one
     * @param alpha the factor of {@code other}
     */
    public Tensor add(Tensor other, double alpha) {
        return alpha == 1 ? add(other) : add(other.mul(alpha));
    }

    /**
     * {@return {@code this + value}}
     *
     * @param value the number to add
     */
    public Tensor add(double value) {
        return Elementwise.binary(BinaryOp.ADD, this, value);
    }

    /**
     * {@return {@code this - other}}
     *
     * @param other the other operand, broadcast against this one
     */
    public Tensor sub(Tensor other) {
        return Elementwise.binary(BinaryOp.SUB, this, other);
    }

    /**
     * {@return {@code this - value}}
     *
     * @param value the number to subtract
     */
    public Tensor sub(double value) {
        return Elementwise.binary(BinaryOp.SUB, this, value);
    }

    /**
     * {@return {@code value - this}}
     *
     * @param value the number to subtract from
     */
    public Tensor rsub(double value) {
        return Elementwise.binary(BinaryOp.SUB, value, this);
    }

    /**
     * {@return {@code this * other}}
     *
     * @param other the other operand, broadcast against this one
     */
    public Tensor mul(Tensor other) {
        return Elementwise.binary(BinaryOp.MUL, this, other);
    }

    /**
     * {@return {@code this * value}}
     *
     * @param value the factor
     */
    public Tensor mul(double value) {
        return Elementwise.binary(BinaryOp.MUL, this, value);
    }

    /**
     * {@return {@code this / other}, true division (integers give float32)}
     *
     * @param other the other operand, broadcast against this one
     */
    public Tensor div(Tensor other) {
        return Elementwise.binary(BinaryOp.DIV, this, other);
    }

    /**
     * {@return {@code this / value}}
     *
     * @param value the divisor
     */
    public Tensor div(double value) {
        return Elementwise.binary(BinaryOp.DIV, this, value);
    }

    /**
     * {@return {@code this ** exponent}}
     *
     * @param exponent the exponent
     */
    public Tensor pow(Tensor exponent) {
        return Elementwise.binary(BinaryOp.POW, this, exponent);
    }

    /**
     * {@return {@code this ** exponent}}
     *
     * @param exponent the exponent
     */
    public Tensor pow(double exponent) {
        return Elementwise.binary(BinaryOp.POW, this, exponent);
    }

    /**
     * {@return elementwise maximum (NaN propagates)}
     *
     * @param other the other operand, broadcast against this one
     */
    public Tensor maximum(Tensor other) {
        return Elementwise.binary(BinaryOp.MAXIMUM, this, other);
    }

    /**
     * {@return elementwise minimum (NaN propagates)}
     *
     * @param other the other operand, broadcast against this one
     */
    public Tensor minimum(Tensor other) {
        return Elementwise.binary(BinaryOp.MINIMUM, this, other);
    }

    /**
     * {@return Python's {@code %}: the remainder has the divisor's sign}
     *
     * @param other the other operand, broadcast against this one
     */
    public Tensor remainder(Tensor other) {
        return Elementwise.binary(BinaryOp.REMAINDER, this, other);
    }

    /**
     * {@return C's {@code fmod}: the remainder has the dividend's sign}
     *
     * @param other the other operand, broadcast against this one
     */
    public Tensor fmod(Tensor other) {
        return Elementwise.binary(BinaryOp.FMOD, this, other);
    }

    /**
     * {@return division rounded toward negative infinity}
     *
     * @param other the other operand, broadcast against this one
     */
    public Tensor floorDivide(Tensor other) {
        return Elementwise.binary(BinaryOp.FLOOR_DIVIDE, this, other);
    }

    /**
     * {@return {@code atan2(this, other)}}
     *
     * @param other the other operand, broadcast against this one
     */
    public Tensor atan2(Tensor other) {
        return Elementwise.binary(BinaryOp.ATAN2, this, other);
    }

    /**
     * Applies a unary primitive; the named methods below are the usual way in.
     *
     * @param op the primitive
     * @return the result, elementwise
     */
    public Tensor apply(UnaryOp op) {
        return Elementwise.unary(op, this);
    }

    /** {@return {@code -this}, elementwise (wrapping for integers; bool is refused, as in PyTorch)} */
    public Tensor neg() {
        return apply(UnaryOp.NEG);
    }

    /** {@return the absolute values} */
    public Tensor abs() {
        return apply(UnaryOp.ABS);
    }

    /** {@return -1, 0 or 1 by the sign of each element (0 for NaN)} */
    public Tensor sign() {
        return apply(UnaryOp.SIGN);
    }

    /** {@return {@code this * this}, elementwise (bool gives int64, as in PyTorch)} */
    public Tensor square() {
        return apply(UnaryOp.SQUARE);
    }

    /** {@return e to the power of each element} */
    public Tensor exp() {
        return apply(UnaryOp.EXP);
    }

    /** {@return {@code exp(x) - 1}, accurate near 0} */
    public Tensor expm1() {
        return apply(UnaryOp.EXPM1);
    }

    /** {@return the natural logarithm of each element (NaN below 0, -inf at 0)} */
    public Tensor log() {
        return apply(UnaryOp.LOG);
    }

    /** {@return {@code log(1 + x)}, accurate near 0} */
    public Tensor log1p() {
        return apply(UnaryOp.LOG1P);
    }

    /** {@return the base-2 logarithm of each element} */
    public Tensor log2() {
        return apply(UnaryOp.LOG2);
    }

    /** {@return the square root of each element (NaN below 0)} */
    public Tensor sqrt() {
        return apply(UnaryOp.SQRT);
    }

    /** {@return {@code 1 / sqrt(x)}, elementwise} */
    public Tensor rsqrt() {
        return apply(UnaryOp.RSQRT);
    }

    /** {@return {@code 1 / x}, elementwise} */
    public Tensor reciprocal() {
        return apply(UnaryOp.RECIPROCAL);
    }

    /** {@return the sine of each element, in radians} */
    public Tensor sin() {
        return apply(UnaryOp.SIN);
    }

    /** {@return the cosine of each element, in radians} */
    public Tensor cos() {
        return apply(UnaryOp.COS);
    }

    /** {@return the tangent of each element, in radians} */
    public Tensor tan() {
        return apply(UnaryOp.TAN);
    }

    /** {@return the arcsine of each element (NaN outside [-1, 1])} */
    public Tensor asin() {
        return apply(UnaryOp.ASIN);
    }

    /** {@return the arccosine of each element (NaN outside [-1, 1])} */
    public Tensor acos() {
        return apply(UnaryOp.ACOS);
    }

    /** {@return the arctangent of each element} */
    public Tensor atan() {
        return apply(UnaryOp.ATAN);
    }

    /** {@return the hyperbolic sine of each element} */
    public Tensor sinh() {
        return apply(UnaryOp.SINH);
    }

    /** {@return the hyperbolic cosine of each element} */
    public Tensor cosh() {
        return apply(UnaryOp.COSH);
    }

    /** {@return the hyperbolic tangent of each element} */
    public Tensor tanh() {
        return apply(UnaryOp.TANH);
    }

    /** {@return the inverse hyperbolic sine of each element} */
    public Tensor asinh() {
        return apply(UnaryOp.ASINH);
    }

    /** {@return the inverse hyperbolic cosine of each element (NaN below 1)} */
    public Tensor acosh() {
        return apply(UnaryOp.ACOSH);
    }

    /** {@return the inverse hyperbolic tangent of each element (NaN outside [-1, 1])} */
    public Tensor atanh() {
        return apply(UnaryOp.ATANH);
    }

    /** {@return the logistic function {@code 1 / (1 + exp(-x))} of each element} */
    public Tensor sigmoid() {
        return apply(UnaryOp.SIGMOID);
    }

    /** {@return the error function of each element} */
    public Tensor erf() {
        return apply(UnaryOp.ERF);
    }

    /** {@return {@code max(x, 0)}, elementwise (NaN stays NaN)} */
    public Tensor relu() {
        return apply(UnaryOp.RELU);
    }

    /** {@return {@code x * sigmoid(x)}, elementwise} */
    public Tensor silu() {
        return apply(UnaryOp.SILU);
    }

    /** {@return {@code x * tanh(softplus(x))}, elementwise} */
    public Tensor mish() {
        return apply(UnaryOp.MISH);
    }

    /** {@return each element rounded down} */
    public Tensor floor() {
        return apply(UnaryOp.FLOOR);
    }

    /** {@return each element rounded up} */
    public Tensor ceil() {
        return apply(UnaryOp.CEIL);
    }

    /** {@return each element rounded to the nearest integer, half to even, as {@code torch.round}} */
    public Tensor round() {
        return apply(UnaryOp.ROUND);
    }

    /** {@return each element rounded toward zero} */
    public Tensor trunc() {
        return apply(UnaryOp.TRUNC);
    }

    /** {@return a bool tensor, true where an element is NaN} */
    public Tensor isnan() {
        return apply(UnaryOp.ISNAN);
    }

    /** {@return a bool tensor, true where an element is infinite} */
    public Tensor isinf() {
        return apply(UnaryOp.ISINF);
    }

    /** {@return a bool tensor, true where an element is zero} */
    public Tensor logicalNot() {
        return apply(UnaryOp.LOGICAL_NOT);
    }

    /** {@return the bitwise complement of integers ({@code ~x}); logical not for bool} */
    public Tensor bitwiseNot() {
        return apply(UnaryOp.BITWISE_NOT);
    }

    /**
     * {@return GELU, exact ({@code approximate="none"}) or with the tanh approximation}
     *
     * @param tanhApproximation true for the tanh approximation ({@code approximate="tanh"})
     */
    public Tensor gelu(boolean tanhApproximation) {
        return apply(tanhApproximation ? UnaryOp.GELU_TANH : UnaryOp.GELU);
    }

    /**
     * Clamps into [min, max]; a null bound is open.
     *
     * @param min the lower bound, or null for none
     * @param max the upper bound, or null for none
     * @return the clamped values
     */
    public Tensor clamp(Double min, Double max) {
        return Elementwise.clamp(this, min, max);
    }

    /**
     * Clamps into [min, max] given as tensors (broadcast); a null bound is open.
     *
     * @param min the lower bound, or null for none
     * @param max the upper bound, or null for none
     * @return the clamped values
     */
    public Tensor clamp(Tensor min, Tensor max) {
        return Elementwise.clamp(this, min, max);
    }

    /**
     * {@return a bool tensor, true where {@code this == other}}
     *
     * @param other compared with this tensor after broadcasting and type promotion
     */
    public Tensor eq(Tensor other) {
        return Elementwise.binary(BinaryOp.EQ, this, other);
    }

    /**
     * {@return a bool tensor, true where {@code this != other}}
     *
     * @param other compared with this tensor after broadcasting and type promotion
     */
    public Tensor ne(Tensor other) {
        return Elementwise.binary(BinaryOp.NE, this, other);
    }

    /**
     * {@return a bool tensor, true where {@code this &lt; other}}
     *
     * @param other compared with this tensor after broadcasting and type promotion
     */
    public Tensor lt(Tensor other) {
        return Elementwise.binary(BinaryOp.LT, this, other);
    }

    /**
     * {@return a bool tensor, true where {@code this &lt;= other}}
     *
     * @param other compared with this tensor after broadcasting and type promotion
     */
    public Tensor le(Tensor other) {
        return Elementwise.binary(BinaryOp.LE, this, other);
    }

    /**
     * {@return a bool tensor, true where {@code this &gt; other}}
     *
     * @param other compared with this tensor after broadcasting and type promotion
     */
    public Tensor gt(Tensor other) {
        return Elementwise.binary(BinaryOp.GT, this, other);
    }

    /**
     * {@return a bool tensor, true where {@code this &gt;= other}}
     *
     * @param other compared with this tensor after broadcasting and type promotion
     */
    public Tensor ge(Tensor other) {
        return Elementwise.binary(BinaryOp.GE, this, other);
    }

    /**
     * {@return a bool tensor, true where {@code this == value}}
     *
     * @param value compared with each element
     */
    public Tensor eq(double value) {
        return Elementwise.binary(BinaryOp.EQ, this, value);
    }

    /**
     * {@return a bool tensor, true where {@code this != value}}
     *
     * @param value compared with each element
     */
    public Tensor ne(double value) {
        return Elementwise.binary(BinaryOp.NE, this, value);
    }

    /**
     * {@return a bool tensor, true where {@code this &lt; value}}
     *
     * @param value compared with each element
     */
    public Tensor lt(double value) {
        return Elementwise.binary(BinaryOp.LT, this, value);
    }

    /**
     * {@return a bool tensor, true where {@code this &lt;= value}}
     *
     * @param value compared with each element
     */
    public Tensor le(double value) {
        return Elementwise.binary(BinaryOp.LE, this, value);
    }

    /**
     * {@return a bool tensor, true where {@code this &gt; value}}
     *
     * @param value compared with each element
     */
    public Tensor gt(double value) {
        return Elementwise.binary(BinaryOp.GT, this, value);
    }

    /**
     * {@return a bool tensor, true where {@code this &gt;= value}}
     *
     * @param value compared with each element
     */
    public Tensor ge(double value) {
        return Elementwise.binary(BinaryOp.GE, this, value);
    }

    /**
     * {@return a bool tensor, true where both elements are non-zero}
     *
     * @param other the other operand, broadcast against this one
     */
    public Tensor logicalAnd(Tensor other) {
        return Elementwise.binary(BinaryOp.LOGICAL_AND, this, other);
    }

    /**
     * {@return a bool tensor, true where either element is non-zero}
     *
     * @param other the other operand, broadcast against this one
     */
    public Tensor logicalOr(Tensor other) {
        return Elementwise.binary(BinaryOp.LOGICAL_OR, this, other);
    }

    /**
     * {@return a bool tensor, true where exactly one of the elements is non-zero}
     *
     * @param other the other operand, broadcast against this one
     */
    public Tensor logicalXor(Tensor other) {
        return Elementwise.binary(BinaryOp.LOGICAL_XOR, this, other);
    }

    /**
     * {@return {@code this & other} on integers and bool}
     *
     * @param other the other operand, broadcast against this one
     */
    public Tensor bitwiseAnd(Tensor other) {
        return Elementwise.binary(BinaryOp.BITWISE_AND, this, other);
    }

    /**
     * {@return {@code this | other} on integers and bool}
     *
     * @param other the other operand, broadcast against this one
     */
    public Tensor bitwiseOr(Tensor other) {
        return Elementwise.binary(BinaryOp.BITWISE_OR, this, other);
    }

    /**
     * {@return {@code this ^ other} on integers and bool}
     *
     * @param other the other operand, broadcast against this one
     */
    public Tensor bitwiseXor(Tensor other) {
        return Elementwise.binary(BinaryOp.BITWISE_XOR, this, other);
    }

    /**
     * {@return {@code this << other}, elementwise on integers}
     *
     * @param other the other operand, broadcast against this one
     */
    public Tensor bitwiseLeftShift(Tensor other) {
        return Elementwise.binary(BinaryOp.SHIFT_LEFT, this, other);
    }

    /**
     * {@return {@code this >> other}, elementwise on integers (logical for unsigned types)}
     *
     * @param other the other operand, broadcast against this one
     */
    public Tensor bitwiseRightShift(Tensor other) {
        return Elementwise.binary(BinaryOp.SHIFT_RIGHT, this, other);
    }

    /**
     * {@return {@code condition ? a : b}, broadcast, as {@code torch.where}}
     *
     * @param condition a bool tensor choosing, broadcast
     * @param a the values where the condition is true
     * @param b the values where it is false
     * @throws IllegalArgumentException when the condition is not bool (uint8 is accepted with PyTorch
     *                                  1.13's deprecation warning) or the shapes do not broadcast
     */
    public static Tensor where(Tensor condition, Tensor a, Tensor b) {
        return Elementwise.where(condition, a, b);
    }

    /**
     * {@return {@code condition ? this : other}}
     *
     * @param condition a bool tensor choosing, broadcast
     * @param other the values where the condition is false
     * @throws IllegalArgumentException when the condition is not bool (uint8 is accepted with PyTorch
     *                                  1.13's deprecation warning) or the shapes do not broadcast
     */
    public Tensor where(Tensor condition, Tensor other) {
        return Elementwise.where(condition, this, other);
    }

    /**
     * {@return elements where {@code mask} is true replaced by {@code value}}
     *
     * @param mask a bool tensor, broadcast to this shape
     * @param value the new value; an integral one counts as a Python {@code int}
     * @throws IllegalArgumentException for a mask that is not bool (or uint8), or a value that overflows
     *                                  this dtype, with PyTorch's message
     */
    public Tensor maskedFill(Tensor mask, double value) {
        return Masks.maskedFill(this, mask, value);
    }

    // ---------------------------------------------------------------- in place

    /**
     * {@code this += other}, in place (other broadcast to this shape; the result must keep this dtype).
     *
     * @param other the other operand
     * @return this tensor
     */
    public Tensor add_(Tensor other) {
        return Elementwise.inPlace(BinaryOp.ADD, this, other);
    }

    /**
     * {@code this += alpha * other}, in place.
     *
     * @param other the other operand
     * @param alpha its factor
     * @return this tensor
     */
    public Tensor add_(Tensor other, double alpha) {
        return alpha == 1 ? add_(other) : FusedElementwise.addScaledInPlace(this, other, alpha);
    }

    /**
     * {@code this += value}, in place.
     *
     * @param value the number
     * @return this tensor
     */
    public Tensor add_(double value) {
        return Elementwise.inPlace(BinaryOp.ADD, this, value);
    }

    /**
     * {@code this -= other}, in place (other broadcast to this shape; the result must keep this dtype).
     *
     * @param other the other operand
     * @return this tensor
     */
    public Tensor sub_(Tensor other) {
        return Elementwise.inPlace(BinaryOp.SUB, this, other);
    }

    /**
     * {@code this -= value}, in place.
     *
     * @param value the number
     * @return this tensor
     */
    public Tensor sub_(double value) {
        return Elementwise.inPlace(BinaryOp.SUB, this, value);
    }

    /**
     * {@code this *= other}, in place (other broadcast to this shape; the result must keep this dtype).
     *
     * @param other the other operand
     * @return this tensor
     */
    public Tensor mul_(Tensor other) {
        return Elementwise.inPlace(BinaryOp.MUL, this, other);
    }

    /**
     * {@code this *= value}, in place.
     *
     * @param value the number
     * @return this tensor
     */
    public Tensor mul_(double value) {
        return Elementwise.inPlace(BinaryOp.MUL, this, value);
    }

    /**
     * {@code this /= other}, in place (other broadcast to this shape; the result must keep this dtype).
     *
     * @param other the other operand
     * @return this tensor
     */
    public Tensor div_(Tensor other) {
        return Elementwise.inPlace(BinaryOp.DIV, this, other);
    }

    /**
     * {@code this /= value}, in place.
     *
     * @param value the number
     * @return this tensor
     */
    public Tensor div_(double value) {
        return Elementwise.inPlace(BinaryOp.DIV, this, value);
    }

    /**
     * {@code this += value * t1 * t2}.
     *
     * @param t1 the first factor
     * @param t2 the second factor
     * @param value the factor
     * @return this tensor
     */
    public Tensor addcmul_(Tensor t1, Tensor t2, double value) {
        return add_(t1.mul(t2), value);
    }

    /**
     * {@code this += value * t1 / t2}.
     *
     * @param t1 the first factor
     * @param t2 the second factor
     * @param value the factor
     * @return this tensor
     */
    public Tensor addcdiv_(Tensor t1, Tensor t2, double value) {
        return add_(t1.div(t2), value);
    }

    /**
     * Clamps in place.
     *
     * @param min the lower bound, or null for none
     * @param max the upper bound, or null for none
     * @return this tensor
     */
    public Tensor clamp_(Double min, Double max) {
        // under autograd the clamp reads a copy, since this tensor's old value is about to change
        return Transfer.copyInto(this, (Autograd.needsGrad(this) ? clone() : this).clamp(min, max));
    }

    /**
     * Elements where {@code mask} is true set to {@code value}, in place.
     *
     * @param mask a bool tensor, broadcast to this shape
     * @param value the new value
     * @return this tensor
     */
    public Tensor maskedFill_(Tensor mask, double value) {
        return Transfer.copyInto(this, maskedFill(mask, value));
    }

    // ---------------------------------------------------------------- reductions

    /** {@return the sum of all elements (integers and bool sum to int64, uint64 stays uint64)} */
    public Tensor sum() {
        return Reductions.reduce(ReduceOp.SUM, this, new int[0], false);
    }

    /**
     * {@return the sum along {@code dim}}
     *
     * @param dim the dimension (negative counts from the end)
     * @param keepdim whether each reduced dimension stays, with size 1
     */
    public Tensor sum(int dim, boolean keepdim) {
        return Reductions.reduce(ReduceOp.SUM, this, new int[] {dim}, keepdim);
    }

    /**
     * {@return the sum along {@code dims} (empty: all)}
     *
     * @param dims the dimensions (negative ones count from the end); empty for all
     * @param keepdim whether each reduced dimension stays, with size 1
     */
    public Tensor sum(int[] dims, boolean keepdim) {
        return Reductions.reduce(ReduceOp.SUM, this, dims, keepdim);
    }

    /** {@return the mean of all elements (floating point only, as in PyTorch)} */
    public Tensor mean() {
        return Reductions.mean(this, new int[0], false);
    }

    /**
     * {@return the mean along {@code dim}}
     *
     * @param dim the dimension (negative counts from the end)
     * @param keepdim whether each reduced dimension stays, with size 1
     */
    public Tensor mean(int dim, boolean keepdim) {
        return Reductions.mean(this, new int[] {dim}, keepdim);
    }

    /**
     * {@return the mean along {@code dims} (empty: all)}
     *
     * @param dims the dimensions (negative ones count from the end); empty for all
     * @param keepdim whether each reduced dimension stays, with size 1
     */
    public Tensor mean(int[] dims, boolean keepdim) {
        return Reductions.mean(this, dims, keepdim);
    }

    /** {@return the product of all elements} */
    public Tensor prod() {
        return Reductions.reduce(ReduceOp.PROD, this, new int[0], false);
    }

    /**
     * {@return the product along {@code dim}}
     *
     * @param dim the dimension (negative counts from the end)
     * @param keepdim whether each reduced dimension stays, with size 1
     */
    public Tensor prod(int dim, boolean keepdim) {
        return Reductions.reduce(ReduceOp.PROD, this, new int[] {dim}, keepdim);
    }

    /** {@return the largest element (NaN if any is NaN)} */
    public Tensor max() {
        return Reductions.reduce(ReduceOp.MAX, this, new int[0], false);
    }

    /** {@return the smallest element} */
    public Tensor min() {
        return Reductions.reduce(ReduceOp.MIN, this, new int[0], false);
    }

    /**
     * {@return the largest values along {@code dim} with their indices, as {@code torch.max(x, dim)}}
     *
     * @param dim the dimension (negative counts from the end)
     * @param keepdim whether each reduced dimension stays, with size 1
     */
    public ValuesIndices max(int dim, boolean keepdim) {
        return Reductions.maxMin(true, this, dim, keepdim);
    }

    /**
     * {@return the smallest values along {@code dim} with their indices}
     *
     * @param dim the dimension (negative counts from the end)
     * @param keepdim whether each reduced dimension stays, with size 1
     */
    public ValuesIndices min(int dim, boolean keepdim) {
        return Reductions.maxMin(false, this, dim, keepdim);
    }

    /**
     * {@return the largest values along {@code dims} (empty: all), as {@code amax}}
     *
     * @param dims the dimensions (negative ones count from the end); empty for all
     * @param keepdim whether each reduced dimension stays, with size 1
     */
    public Tensor amax(int[] dims, boolean keepdim) {
        return Reductions.reduce(ReduceOp.MAX, this, dims, keepdim);
    }

    /**
     * {@return the smallest values along {@code dims} (empty: all), as {@code amin}}
     *
     * @param dims the dimensions (negative ones count from the end); empty for all
     * @param keepdim whether each reduced dimension stays, with size 1
     */
    public Tensor amin(int[] dims, boolean keepdim) {
        return Reductions.reduce(ReduceOp.MIN, this, dims, keepdim);
    }

    /** {@return the flat index of the largest element} */
    public Tensor argmax() {
        return Reductions.argReduce(true, flatten(), 0, false);
    }

    /**
     * {@return the indices of the largest elements along {@code dim}}
     *
     * @param dim the dimension (negative counts from the end)
     * @param keepdim whether each reduced dimension stays, with size 1
     */
    public Tensor argmax(int dim, boolean keepdim) {
        return Reductions.argReduce(true, this, dim, keepdim);
    }

    /** {@return the flat index of the smallest element} */
    public Tensor argmin() {
        return Reductions.argReduce(false, flatten(), 0, false);
    }

    /**
     * {@return the indices of the smallest elements along {@code dim}}
     *
     * @param dim the dimension (negative counts from the end)
     * @param keepdim whether each reduced dimension stays, with size 1
     */
    public Tensor argmin(int dim, boolean keepdim) {
        return Reductions.argReduce(false, this, dim, keepdim);
    }

    /**
     * {@return the variance along {@code dims} (empty: all) with Bessel's {@code correction} (1 unbiased)}
     *
     * @param dims the dimensions (negative ones count from the end); empty for all
     * @param correction subtracted from the element count in the divisor: 0 for the population variance, 1 for Bessel's correction
     * @param keepdim whether each reduced dimension stays, with size 1
     */
    public Tensor var(int[] dims, double correction, boolean keepdim) {
        return Reductions.var(this, dims, correction, keepdim);
    }

    /**
     * {@return the standard deviation along {@code dims} with {@code correction}}
     *
     * @param dims the dimensions (negative ones count from the end); empty for all
     * @param correction subtracted from the element count in the divisor: 0 for the population variance, 1 for Bessel's correction
     * @param keepdim whether each reduced dimension stays, with size 1
     */
    public Tensor std(int[] dims, double correction, boolean keepdim) {
        return Reductions.var(this, dims, correction, keepdim).sqrt();
    }

    /**
     * {@return {@code log(sum(exp(x)))} along {@code dims}, computed stably}
     *
     * @param dims the dimensions (negative ones count from the end); empty for all
     * @param keepdim whether each reduced dimension stays, with size 1
     */
    public Tensor logsumexp(int[] dims, boolean keepdim) {
        return Reductions.logsumexp(this, dims, keepdim);
    }

    /**
     * {@return the p-norm of all elements (p may be infinite)}
     *
     * @param p the order of the norm: any positive number, infinity (the largest magnitude), or 0 (the count of non-zeros)
     */
    public Tensor norm(double p) {
        return Reductions.norm(this, p, new int[0], false);
    }

    /**
     * {@return the p-norm along {@code dims}}
     *
     * @param p the order of the norm: any positive number, infinity (the largest magnitude), or 0 (the count of non-zeros)
     * @param dims the dimensions (negative ones count from the end); empty for all
     * @param keepdim whether each reduced dimension stays, with size 1
     */
    public Tensor norm(double p, int[] dims, boolean keepdim) {
        return Reductions.norm(this, p, dims, keepdim);
    }

    /**
     * {@return the cumulative sum along {@code dim}}
     *
     * @param dim the dimension (negative counts from the end)
     */
    public Tensor cumsum(int dim) {
        return Reductions.cumulative(false, this, dim);
    }

    /**
     * {@return the cumulative product along {@code dim}}
     *
     * @param dim the dimension (negative counts from the end)
     */
    public Tensor cumprod(int dim) {
        return Reductions.cumulative(true, this, dim);
    }

    /** {@return true (a bool scalar) when any element is non-zero} */
    public Tensor any() {
        return Reductions.reduce(ReduceOp.ANY, this, new int[0], false);
    }

    /**
     * {@return true where any element along {@code dim} is non-zero (bool, or uint8 for uint8 input)}
     *
     * @param dim the dimension (negative counts from the end)
     * @param keepdim whether each reduced dimension stays, with size 1
     */
    public Tensor any(int dim, boolean keepdim) {
        return Reductions.reduce(ReduceOp.ANY, this, new int[] {dim}, keepdim);
    }

    /** {@return true (a bool scalar) when every element is non-zero} */
    public Tensor all() {
        return Reductions.reduce(ReduceOp.ALL, this, new int[0], false);
    }

    /**
     * {@return true where every element along {@code dim} is non-zero (bool, or uint8 for uint8 input)}
     *
     * @param dim the dimension (negative counts from the end)
     * @param keepdim whether each reduced dimension stays, with size 1
     */
    public Tensor all(int dim, boolean keepdim) {
        return Reductions.reduce(ReduceOp.ALL, this, new int[] {dim}, keepdim);
    }

    // ---------------------------------------------------------------- linear algebra

    /**
     * {@return the matrix product with NumPy's rules for 1-d operands and batch broadcasting}
     *
     * @param other the other operand, broadcast against this one
     */
    public Tensor matmul(Tensor other) {
        return Linalg.matmul(this, other);
    }

    /**
     * {@return the product of two matrices}
     *
     * @param other the other operand, broadcast against this one
     */
    public Tensor mm(Tensor other) {
        return Linalg.mm(this, other);
    }

    /**
     * {@return the product of two batches of matrices of equal batch size}
     *
     * @param other the other operand, broadcast against this one
     */
    public Tensor bmm(Tensor other) {
        return Linalg.bmm(this, other);
    }

    // ---------------------------------------------------------------- indexing

    /**
     * {@return {@code out[i][j] = this[index[i][j]][j]} for dim 0, and so on, as {@code torch.gather}}
     *
     * @param dim the dimension (negative counts from the end)
     * @param index int64 indices along {@code dim}, with this tensor's rank
     */
    public Tensor gather(int dim, Tensor index) {
        return Indexing.gather(this, dim, index);
    }

    /**
     * {@return a copy with {@code src} written at {@code index} along {@code dim}, as {@code torch.scatter}}
     *
     * @param dim the dimension (negative counts from the end)
     * @param index int64 indices along {@code dim}, with this tensor's rank
     * @param src the values to write
     */
    public Tensor scatter(int dim, Tensor index, Tensor src) {
        return Indexing.scatter(this, dim, index, src);
    }

    /**
     * {@return a copy with {@code src} added at {@code index} along {@code dim}, as {@code torch.scatter_add}}
     *
     * @param dim the dimension (negative counts from the end)
     * @param index int64 indices along {@code dim}, with this tensor's rank
     * @param src the values to write
     */
    public Tensor scatterAdd(int dim, Tensor index, Tensor src) {
        return Indexing.scatterAdd(this, dim, index, src);
    }

    /**
     * {@return the slices at {@code index} along {@code dim}}
     *
     * @param dim the dimension (negative counts from the end)
     * @param index a 1-d int64 or int32 tensor of indices
     */
    public Tensor indexSelect(int dim, Tensor index) {
        return Indexing.indexSelect(this, dim, index);
    }

    /**
     * {@return a copy with {@code src}'s slices added at {@code index} along {@code dim}, as {@code index_add}}
     *
     * @param dim the dimension (negative counts from the end)
     * @param index a 1-d int64 or int32 tensor of indices
     * @param src the slices to add, one per index
     */
    public Tensor indexAdd(int dim, Tensor index, Tensor src) {
        return Indexing.indexAdd(this, dim, index, src);
    }

    /**
     * {@return the elements where {@code mask} is true, as a 1-d tensor}
     *
     * @param mask a bool tensor, broadcast to this shape
     */
    public Tensor maskedSelect(Tensor mask) {
        return Indexing.maskedSelect(this, mask);
    }

    /**
     * {@return sorted values along {@code dim} with their original indices (stable)}
     *
     * @param dim the dimension (negative counts from the end)
     * @param descending largest first when true
     */
    public ValuesIndices sort(int dim, boolean descending) {
        return Indexing.sort(this, dim, descending);
    }

    /**
     * {@return the indices that sort along {@code dim}}
     *
     * @param dim the dimension (negative counts from the end)
     * @param descending largest first when true
     */
    public Tensor argsort(int dim, boolean descending) {
        return sort(dim, descending).indices();
    }

    /**
     * {@return the {@code k} largest (or smallest) values along {@code dim} with their indices, sorted}
     *
     * @param k how many to take
     * @param dim the dimension (negative counts from the end)
     * @param largest the largest values when true, the smallest when false
     */
    public ValuesIndices topk(long k, int dim, boolean largest) {
        return Indexing.topk(this, k, dim, largest);
    }

    /**
     * Concatenates tensors along {@code dim}.
     *
     * @param tensors the tensors, of one dtype category and matching sizes
     * @param dim the dimension to concatenate along
     * @return the concatenation
     */
    public static Tensor cat(List<Tensor> tensors, int dim) {
        return Indexing.cat(tensors, dim);
    }

    /**
     * Stacks tensors of one shape along a new dimension {@code dim}.
     *
     * @param tensors the tensors, of one dtype category and matching sizes
     * @param dim the position of the new dimension
     * @return the stacked tensor
     */
    public static Tensor stack(List<Tensor> tensors, int dim) {
        return Indexing.stack(tensors, dim);
    }

    /**
     * {@return a copy with the elements in reverse order along each of {@code dims}, as {@code torch.flip}}
     *
     * @param dims the dimensions to reverse
     */
    public Tensor flip(int... dims) {
        return Rearrange.flip(this, dims);
    }

    /**
     * {@return a copy shifted by {@code shift} along {@code dim}, elements wrapping around, as {@code torch.roll}}
     *
     * @param shift the shift (negative: toward the start)
     * @param dim the dimension (negative counts from the end)
     */
    public Tensor roll(long shift, int dim) {
        return Rearrange.roll(this, new long[] {shift}, new int[] {dim});
    }

    /**
     * A copy shifted by {@code shifts[i]} along {@code dims[i]}; with no dims, the flattened tensor is
     * shifted by the single shift and the shape kept, as {@code torch.roll}.
     *
     * @param shifts the shift along each dimension
     * @param dims the dimensions to shift along; none for the flattened tensor
     * @return a copy shifted by {@code shifts[i]} along {@code dims[i]}; with no dims, the flattened tensor is shifted by the single shift and the shape kept, as {@code torch.roll}
     */
    public Tensor roll(long[] shifts, int[] dims) {
        return Rearrange.roll(this, shifts, dims);
    }

    /** {@return the lower triangle of the last two dimensions (the rest zero), as {@code torch.tril}} */
    public Tensor tril() {
        return Masks.triangle(this, 0, true);
    }

    /**
     * {@return the elements on and below the {@code diagonal}-th diagonal (positive: above the main one), as {@code tril}}
     *
     * @param diagonal which diagonal bounds the triangle: 0 the main one, positive above, negative below
     */
    public Tensor tril(long diagonal) {
        return Masks.triangle(this, diagonal, true);
    }

    /** {@return the upper triangle of the last two dimensions (the rest zero), as {@code torch.triu}} */
    public Tensor triu() {
        return Masks.triangle(this, 0, false);
    }

    /**
     * {@return the elements on and above the {@code diagonal}-th diagonal (positive: above the main one), as {@code triu}}
     *
     * @param diagonal which diagonal bounds the triangle: 0 the main one, positive above, negative below
     */
    public Tensor triu(long diagonal) {
        return Masks.triangle(this, diagonal, false);
    }

    /** {@return the int64 coordinates {@code [count, dim]} of the non-zero elements in row-major order, as {@code torch.nonzero}} */
    public Tensor nonzero() {
        return Masks.nonzero(this);
    }

    /** {@return the same as {@link #nonzero()}, as {@code torch.argwhere}} */
    public Tensor argwhere() {
        return Masks.nonzero(this);
    }

    /**
     * A copy with the elements where {@code mask} is true replaced, in row-major order, by the leading
     * elements of {@code source}, as {@code torch.Tensor.masked_scatter}.
     *
     * @param mask a bool tensor, broadcast to this shape
     * @param source the replacement values, used from its first element on
     * @return a copy with the elements where {@code mask} is true replaced, in row-major order, by the leading elements of {@code source}, as {@code torch.Tensor.masked_scatter}
     */
    public Tensor maskedScatter(Tensor mask, Tensor source) {
        return Masks.maskedScatter(this, mask, source);
    }

    /**
     * Repeats the tensor along each dimension, as {@code torch.Tensor.repeat}.
     *
     * @param repeats how many times to repeat each dimension (at least one per dimension of this tensor)
     * @return the repeated tensor, a copy
     */
    public Tensor repeat(long... repeats) {
        return Indexing.repeat(this, repeats);
    }

    // ---------------------------------------------------------------- printing

    /**
     * Prints as PyTorch does: {@code tensor([[1., 2.], [3., 4.]])}, with dtype, device and grad_fn when not default.
     *
     * @return the text PyTorch's {@code repr} gives
     */
    @Override
    public String toString() {
        return TensorFormat.format(this);
    }

    /**
     * A pair of values and their int64 indices, from {@code max(dim)}, {@code sort}, {@code topk}.
     *
     * @param values  the values
     * @param indices their int64 indices along the dimension
     */
    public record ValuesIndices(Tensor values, Tensor indices) {}
}
