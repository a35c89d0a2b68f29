package dev.arbor.nn;

import dev.arbor.nn.utils.Gradients;
import dev.arbor.tensor.DType;
import dev.arbor.tensor.Device;
import dev.arbor.tensor.GradMode;
import dev.arbor.tensor.RemovableHandle;
import dev.arbor.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The base of every layer and model, with the semantics of {@code torch.nn.Module}: a module owns
 * ordered maps of parameters, buffers and child modules, and a training flag; everything that walks
 * a model (traversal, {@link #stateDict}, {@link #to}, {@link #train}, {@link #toString}) follows
 * those maps in PyTorch's order.
 *
 * <h2>Registration</h2>
 * Python registers by attribute assignment; Java registers explicitly, and each call returns what it
 * registered so that it can be kept in a field:
 * <pre>{@code
 * class Net extends Module {
 *     final Linear fc1 = register("fc1", new Linear(784, 128));
 *     final Linear fc2 = register("fc2", new Linear(128, 10));
 *     final Parameter scale = registerParameter("scale", new Parameter(Tensor.ones(1)));
 *
 *     @Override
 *     public Tensor forward(Tensor x) {
 *         return fc2.call(fc1.call(x).relu()).mul(scale);
 *     }
 * }
 * }</pre>
 * Names are checked as PyTorch checks them, with its messages. {@link #setAttribute} is Python's
 * assignment to an existing name (it replaces a parameter, buffer or child, or ties a parameter of
 * another module). A field is a cached reference: code that replaces an entry with
 * {@code setAttribute} must update such a field too, which is why Arbor's own layers read their
 * parameters through the maps ({@link Linear#weight()}). {@link #to} and {@link #loadStateDict}
 * never replace entries: they change tensors in place, so fields, optimizers and tied weights stay
 * valid.
 *
 * <h2>Forward and call</h2>
 * A module computes in {@code forward} and is run with {@code call}, which also runs the hooks (as
 * Python's {@code module(x)}):
 * <ul>
 * <li>A layer with one tensor in and one tensor out overrides {@link #forward(Tensor)}; users call
 *     {@link #call(Tensor)}, which returns a {@code Tensor}.</li>
 * <li>A module with several inputs, or outputs other than one tensor (attention weights, an LSTM's
 *     state, a graph's many outputs), overrides {@link #forward(Object...)}; users call
 *     {@link #call(Object...)}, whose result is cast to the type the caller expects:
 *     {@code Tensor loss = criterion.call(logits, target);}. Multiple outputs are returned as an
 *     {@code Object[]}, a {@code List} or a record, Java's tuples: full backward hooks see their
 *     top-level tensors, as PyTorch's see those of a returned tuple. To call a one-input module whose
 *     output is not a tensor, cast the input: {@code lstm.call((Object) x)}.</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * The structure of a module (registration, hooks, {@code to}, loading) is changed from one thread at
 * a time. A module in eval mode may run {@code call} from many threads at once: forward only reads
 * the module, and hooks can even be added or removed meanwhile.
 */
public abstract class Module {
    private final LinkedHashMap<String, Parameter> parameters = new LinkedHashMap<>();
    private final LinkedHashMap<String, Tensor> buffers = new LinkedHashMap<>();
    private final Set<String> nonPersistentBuffers = new HashSet<>();
    private final LinkedHashMap<String, Module> modules = new LinkedHashMap<>();
    private boolean training = true;

    private final HookList<ModuleHooks.ForwardPreHook> forwardPreHooks = new HookList<>();
    private final HookList<ModuleHooks.ForwardHook> forwardHooks = new HookList<>();
    private final HookList<ModuleHooks.FullBackwardHook> backwardHooks = new HookList<>();
    private final HookList<ModuleHooks.BackwardPreHook> backwardPreHooks = new HookList<>();
    private final HookList<ModuleHooks.StateDictPreHook> stateDictPreHooks = new HookList<>();
    private final HookList<ModuleHooks.StateDictHook> stateDictHooks = new HookList<>();
    final HookList<ModuleHooks.LoadStateDictPreHook> loadStateDictPreHooks = new HookList<>();
    final HookList<ModuleHooks.LoadStateDictPostHook> loadStateDictPostHooks = new HookList<>();

    /** A module with no parameters, buffers or children, in training mode. */
    protected Module() {}

    /**
     * {@return the name PyTorch prints for this module: the class's simple name (for an anonymous class,
     * its superclass's)}
     */
    public String typeName() {
        Class<?> c = getClass();
        while (c.getSimpleName().isEmpty()) {
            c = c.getSuperclass();
        }
        return c.getSimpleName();
    }

    // ---------------------------------------------------------------- registration

    /**
     * Registers a child module (null allowed, as in PyTorch), as {@code add_module}.
     *
     * @param <M>    the module's type, kept so the result can be stored in a typed field
     * @param name   the attribute name: not empty, without dots, not used by a parameter or buffer
     * @param module the child, or null to register the name without a module (Python's {@code None});
     *               a module already registered under {@code name} is replaced
     * @return {@code module}
     * @throws IllegalArgumentException with PyTorch's message when the name is used by a parameter or
     *                                  buffer, contains a dot or is empty
     */
    public final <M extends Module> M register(String name, M module) {
        if (name == null) {
            throw new IllegalArgumentException("module name should be a string. Got None");
        }
        if ((parameters.containsKey(name) || buffers.containsKey(name)) && !modules.containsKey(name)) {
            throw new IllegalArgumentException("attribute '" + name + "' already exists");
        }
        if (name.contains(".")) {
            throw new IllegalArgumentException("module name can't contain \".\", got: " + name);
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("module name can't be empty string \"\"");
        }
        modules.put(name, module);
        return module;
    }

    /**
     * Registers (or replaces) a parameter; null registers the name without a value, as PyTorch's
     * {@code register_parameter(name, None)} (a layer built without bias).
     *
     * @param name  the attribute name: not empty, without dots, not used by a buffer or child
     * @param param the parameter (a leaf tensor), or null
     * @return {@code param}
     * @throws IllegalArgumentException with PyTorch's message for a bad or used name, or a parameter
     *                                  that is not a leaf
     */
    public final Parameter registerParameter(String name, Parameter param) {
        checkTensorName("parameter", name);
        if ((buffers.containsKey(name) || modules.containsKey(name)) && !parameters.containsKey(name)) {
            throw new IllegalArgumentException("attribute '" + name + "' already exists");
        }
        if (param != null && !param.isLeaf()) {
            throw new IllegalArgumentException("Cannot assign non-leaf Tensor to parameter '" + name + "'. Model "
                    + "parameters must be created explicitly. To express '" + name + "' as a function of another "
                    + "Tensor, compute the value in the forward() method.");
        }
        parameters.put(name, param);
        return param;
    }

    /**
     * Registers (or replaces) a persistent buffer: state that is not learnt, such as running statistics,
     * as {@code register_buffer(name, tensor)}.
     *
     * @param name   the attribute name: not empty, without dots, not used by a parameter or child
     * @param tensor the buffer, or null to register the name without a value
     * @return {@code tensor}
     * @throws IllegalArgumentException with PyTorch's message for a bad or used name
     */
    public final Tensor registerBuffer(String name, Tensor tensor) {
        return registerBuffer(name, tensor, true);
    }

    /**
     * Registers (or replaces) a buffer; a non-persistent one is moved by {@link #to} but left out of
     * the state dict. Null registers the name without a value.
     *
     * @param name       the attribute name: not empty, without dots, not used by a parameter or child
     * @param tensor     the buffer, or null
     * @param persistent whether {@link #stateDict} saves it and {@link #loadStateDict} expects it
     *                   (PyTorch's default is true)
     * @return {@code tensor}
     * @throws IllegalArgumentException with PyTorch's message for a bad or used name
     */
    public final Tensor registerBuffer(String name, Tensor tensor, boolean persistent) {
        checkTensorName("buffer", name);
        if ((parameters.containsKey(name) || modules.containsKey(name)) && !buffers.containsKey(name)) {
            throw new IllegalArgumentException("attribute '" + name + "' already exists");
        }
        buffers.put(name, tensor);
        if (persistent) {
            nonPersistentBuffers.remove(name);
        } else {
            nonPersistentBuffers.add(name);
        }
        return tensor;
    }

    private static void checkTensorName(String kind, String name) {
        if (name == null) {
            throw new IllegalArgumentException(kind + " name should be a string. Got None");
        }
        if (name.contains(".")) {
            throw new IllegalArgumentException(kind + " name can't contain \".\"");
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException(kind + " name can't be empty string \"\"");
        }
    }

    /**
     * Python's {@code module.name = value}: a {@link Parameter} replaces whatever has the name and
     * becomes a parameter (this is how weights are tied: {@code decoder.setAttribute("weight",
     * encoder.weight())}); a {@link Module} becomes a child the same way; a plain tensor replaces a
     * buffer; null clears a parameter, buffer or child of that name.
     *
     * @param name  the attribute name
     * @param value a {@link Parameter}, {@link Module} or {@link Tensor}, or null
     * @throws IllegalArgumentException with PyTorch's message when the value does not fit the
     *                                  existing entry ({@code cannot assign 'Tensor' as parameter 'w'
     *                                  (torch.nn.Parameter or None expected)}), or when the name is new
     *                                  and the value is not a parameter or module
     */
    public final void setAttribute(String name, Object value) {
        if (value instanceof Parameter p) {
            buffers.remove(name);
            nonPersistentBuffers.remove(name);
            modules.remove(name);
            registerParameter(name, p);
        } else if (parameters.containsKey(name)) {
            if (value != null) {
                throw new IllegalArgumentException("cannot assign '" + describe(value) + "' as parameter '" + name
                        + "' (torch.nn.Parameter or None expected)");
            }
            registerParameter(name, null);
        } else if (value instanceof Module m) {
            parameters.remove(name);
            buffers.remove(name);
            nonPersistentBuffers.remove(name);
            register(name, m);
        } else if (modules.containsKey(name)) {
            if (value != null) {
                throw new IllegalArgumentException("cannot assign '" + describe(value) + "' as child module '" + name
                        + "' (torch.nn.Module or None expected)");
            }
            modules.put(name, null);
        } else if (buffers.containsKey(name)) {
            if (value != null && !(value instanceof Tensor)) {
                throw new IllegalArgumentException("cannot assign '" + describe(value) + "' as buffer '" + name
                        + "' (torch.Tensor or None expected)");
            }
            buffers.put(name, (Tensor) value);
        } else {
            throw new IllegalArgumentException("'" + typeName() + "' has no parameter, buffer or child module '"
                    + name + "' to assign a " + describe(value) + " to; register new entries with registerParameter, "
                    + "registerBuffer or register");
        }
    }

    /**
     * Python's {@code del module.name}: removes the parameter, buffer or child of that name.
     *
     * @param name the attribute name
     * @throws IllegalArgumentException when there is none
     */
    public final void deleteAttribute(String name) {
        if (parameters.containsKey(name)) {
            parameters.remove(name);
        } else if (buffers.containsKey(name)) {
            buffers.remove(name);
            nonPersistentBuffers.remove(name);
        } else if (modules.containsKey(name)) {
            modules.remove(name);
        } else {
            throw new IllegalArgumentException("'" + typeName() + "' object has no attribute '" + name + "'");
        }
    }

    /**
     * {@return the direct parameter registered under {@code name}, or null (unregistered, or registered as None)}
     *
     * @param name the attribute name
     */
    protected final Parameter param(String name) {
        return parameters.get(name);
    }

    /**
     * {@return the direct buffer registered under {@code name}, or null}
     *
     * @param name the attribute name
     */
    protected final Tensor buffer(String name) {
        return buffers.get(name);
    }

    /**
     * {@return the direct child registered under {@code name}, or null}
     *
     * @param name the attribute name
     */
    protected final Module child(String name) {
        return modules.get(name);
    }

    /** The live map of direct children, for containers that renumber or reorder them. */
    final LinkedHashMap<String, Module> childMap() {
        return modules;
    }

    /** The live map of direct parameters, for containers of parameters. */
    final LinkedHashMap<String, Parameter> parameterMap() {
        return parameters;
    }

    static String describe(Object value) {
        return value == null ? "None" : value.getClass().getSimpleName();
    }

    // ---------------------------------------------------------------- traversal

    /** {@return the direct children, each once, in registration order, as {@code children()}} */
    public final List<Module> children() {
        return new ArrayList<>(namedChildren().values());
    }

    /**
     * {@return the direct children by name, each module once (under the first name it was registered
     * under), as {@code named_children()}}
     */
    public final LinkedHashMap<String, Module> namedChildren() {
        LinkedHashMap<String, Module> out = new LinkedHashMap<>();
        Set<Module> memo = identitySet();
        for (Map.Entry<String, Module> e : modules.entrySet()) {
            Module m = e.getValue();
            if (m != null && memo.add(m)) {
                out.put(e.getKey(), m);
            }
        }
        return out;
    }

    /** {@return this module and every descendant, each once, depth first, as {@code modules()}} */
    public final List<Module> modules() {
        return new ArrayList<>(namedModules().values());
    }

    /**
     * {@return this module (under "") and every descendant under its dotted path, each once, depth
     * first, as {@code named_modules()}}
     */
    public final LinkedHashMap<String, Module> namedModules() {
        return namedModules("", true);
    }

    /**
     * This module and its descendants with dotted paths starting with {@code prefix}, depth first, as
     * {@code named_modules(prefix=..., remove_duplicate=...)}.
     *
     * @param prefix          the path of this module ("" by default); children are {@code prefix.name}
     * @param removeDuplicate when false, a module registered in several places is listed at each
     *                        (PyTorch's default is true)
     * @return the modules by dotted path, in traversal order
     */
    public final LinkedHashMap<String, Module> namedModules(String prefix, boolean removeDuplicate) {
        LinkedHashMap<String, Module> out = new LinkedHashMap<>();
        collectModules(identitySet(), prefix, removeDuplicate, out);
        return out;
    }

    private void collectModules(Set<Module> memo, String prefix, boolean removeDuplicate, Map<String, Module> out) {
        if (memo.contains(this)) {
            return;
        }
        if (removeDuplicate) {
            memo.add(this);
        }
        out.put(prefix, this);
        for (Map.Entry<String, Module> e : modules.entrySet()) {
            if (e.getValue() != null) {
                e.getValue().collectModules(memo, join(prefix, e.getKey()), removeDuplicate, out);
            }
        }
    }

    /** {@return every parameter of this module and its descendants, each once, as {@code parameters()}} */
    public final List<Parameter> parameters() {
        return parameters(true);
    }

    /**
     * {@return the parameters of this module, and of its descendants when {@code recurse}, each once}
     *
     * @param recurse whether to include the descendants' parameters (PyTorch's default is true)
     */
    public final List<Parameter> parameters(boolean recurse) {
        return new ArrayList<>(namedParameters("", recurse, true).values());
    }

    /**
     * {@return every parameter by dotted name, each once (a tied parameter under its first name), as
     * {@code named_parameters()}}
     */
    public final LinkedHashMap<String, Parameter> namedParameters() {
        return namedParameters("", true, true);
    }

    /**
     * Parameters with dotted names starting with {@code prefix}, as
     * {@code named_parameters(prefix, recurse, remove_duplicate)}.
     *
     * @param prefix          prepended (with a dot) to every name; "" by default
     * @param recurse         whether to include the descendants' parameters (default true)
     * @param removeDuplicate when false, a parameter shared by several modules is listed under each
     *                        name (default true)
     * @return the parameters by dotted name, in traversal order
     */
    public final LinkedHashMap<String, Parameter> namedParameters(String prefix, boolean recurse, boolean removeDuplicate) {
        return namedMembers(m -> m.parameters, prefix, recurse, removeDuplicate);
    }

    /** {@return every buffer of this module and its descendants, each once, as {@code buffers()}} */
    public final List<Tensor> buffers() {
        return buffers(true);
    }

    /**
     * {@return the buffers of this module, and of its descendants when {@code recurse}, each once}
     *
     * @param recurse whether to include the descendants' buffers (PyTorch's default is true)
     */
    public final List<Tensor> buffers(boolean recurse) {
        return new ArrayList<>(namedBuffers("", recurse, true).values());
    }

    /** {@return every buffer (persistent or not) by dotted name, each once, as {@code named_buffers()}} */
    public final LinkedHashMap<String, Tensor> namedBuffers() {
        return namedBuffers("", true, true);
    }

    /**
     * Buffers (persistent or not) with dotted names starting with {@code prefix}, as
     * {@code named_buffers(prefix, recurse, remove_duplicate)}.
     *
     * @param prefix          prepended (with a dot) to every name; "" by default
     * @param recurse         whether to include the descendants' buffers (default true)
     * @param removeDuplicate when false, a buffer shared by several modules is listed under each name
     *                        (default true)
     * @return the buffers by dotted name, in traversal order
     */
    public final LinkedHashMap<String, Tensor> namedBuffers(String prefix, boolean recurse, boolean removeDuplicate) {
        return namedMembers(m -> m.buffers, prefix, recurse, removeDuplicate);
    }

    private <T extends Tensor> LinkedHashMap<String, T> namedMembers(Function<Module, Map<String, T>> members,
                                                                      String prefix, boolean recurse,
                                                                      boolean removeDuplicate) {
        Map<String, Module> walk = recurse ? namedModules(prefix, removeDuplicate) : Map.of(prefix, this);
        Set<Tensor> memo = identitySet();
        LinkedHashMap<String, T> out = new LinkedHashMap<>();
        for (Map.Entry<String, Module> m : walk.entrySet()) {
            for (Map.Entry<String, T> e : members.apply(m.getValue()).entrySet()) {
                T value = e.getValue();
                if (value == null || memo.contains(value)) {
                    continue;
                }
                if (removeDuplicate) {
                    memo.add(value);
                }
                out.put(join(m.getKey(), e.getKey()), value);
            }
        }
        return out;
    }

    private static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    private static <T> Set<T> identitySet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }

    /**
     * The descendant at a dotted path, as {@code get_submodule}.
     *
     * @param target the dotted path of child names ({@code "layer1.0.conv1"}); "" is this module
     * @return the module at that path
     * @throws IllegalArgumentException with PyTorch's message ({@code Linear has no attribute `x`})
     */
    public final Module getSubmodule(String target) {
        if (target.isEmpty()) {
            return this;
        }
        Module mod = this;
        for (String item : target.split("\\.", -1)) {
            if (!mod.hasAttribute(item)) {
                throw new IllegalArgumentException(mod.typeName() + " has no attribute `" + item + "`");
            }
            Module next = mod.modules.get(item);
            if (next == null) {
                throw new IllegalArgumentException("`" + item + "` is not an nn.Module");
            }
            mod = next;
        }
        return mod;
    }

    /**
     * The parameter at a dotted path, as {@code get_parameter}.
     *
     * @param target the dotted path ({@code "layer1.0.conv1.weight"})
     * @return the parameter at that path
     * @throws IllegalArgumentException with PyTorch's message when a module on the path or the
     *                                  parameter does not exist, or the last name is not a parameter
     */
    public final Parameter getParameter(String target) {
        int dot = target.lastIndexOf('.');
        Module mod = getSubmodule(dot < 0 ? "" : target.substring(0, dot));
        String name = target.substring(dot + 1);
        if (!mod.hasAttribute(name)) {
            throw new IllegalArgumentException(mod.typeName() + " has no attribute `" + name + "`");
        }
        Parameter p = mod.parameters.get(name);
        if (p == null) {
            throw new IllegalArgumentException("`" + name + "` is not an nn.Parameter");
        }
        return p;
    }

    /**
     * The buffer at a dotted path, as {@code get_buffer}.
     *
     * @param target the dotted path ({@code "bn1.running_mean"})
     * @return the buffer at that path (null when registered as None)
     * @throws IllegalArgumentException with PyTorch's message when a module on the path or the
     *                                  buffer does not exist, or the last name is not a buffer
     */
    public final Tensor getBuffer(String target) {
        int dot = target.lastIndexOf('.');
        Module mod = getSubmodule(dot < 0 ? "" : target.substring(0, dot));
        String name = target.substring(dot + 1);
        if (!mod.hasAttribute(name)) {
            throw new IllegalArgumentException(mod.typeName() + " has no attribute `" + name + "`");
        }
        if (!mod.buffers.containsKey(name)) {
            throw new IllegalArgumentException("`" + name + "` is not a buffer");
        }
        return mod.buffers.get(name);
    }

    private boolean hasAttribute(String name) {
        return parameters.containsKey(name) || buffers.containsKey(name) || modules.containsKey(name);
    }

    // ---------------------------------------------------------------- modes and whole-tree operations

    /**
     * Runs {@code fn} on every child's subtree (children first), then on this module, as {@code apply}
     * (typically to initialise weights).
     *
     * @param fn what to do with each module
     * @return this module
     */
    public final Module apply(Consumer<Module> fn) {
        for (Module child : children()) {
            child.apply(fn);
        }
        fn.accept(this);
        return this;
    }

    /**
     * Sets training mode (true) or evaluation mode (false) on this module and its descendants, as
     * {@code train(mode)}.
     *
     * @param mode true for training, false for evaluation
     * @return this module
     */
    public Module train(boolean mode) {
        training = mode;
        for (Module child : children()) {
            child.train(mode);
        }
        return this;
    }

    /**
     * Sets training mode on this module and its descendants, as {@code train()}.
     *
     * @return this module
     */
    public final Module train() {
        return train(true);
    }

    /**
     * Sets evaluation mode on this module and its descendants, as {@code eval()}: layers such as
     * dropout and batch norm switch behaviour.
     *
     * @return this module
     */
    public final Module eval() {
        return train(false);
    }

    /** {@return true in training mode (the default), false in evaluation mode; Python's {@code training}} */
    public final boolean isTraining() {
        return training;
    }

    /**
     * Sets whether autograd records operations on every parameter, as {@code requires_grad_}.
     *
     * @param requiresGrad true to train the parameters, false to freeze them
     * @return this module
     */
    public final Module requiresGrad_(boolean requiresGrad) {
        for (Parameter p : parameters()) {
            p.requiresGrad_(requiresGrad);
        }
        return this;
    }

    /** Clears every parameter's gradient (sets it to null, PyTorch 2's default). */
    public final void zeroGrad() {
        zeroGrad(true);
    }

    /**
     * Clears every parameter's gradient, as {@code zero_grad(set_to_none)}.
     *
     * @param setToNone true to set each gradient to null, false to fill it with zeros in place
     */
    public final void zeroGrad(boolean setToNone) {
        Gradients.zero_(parameters(), setToNone);
    }

    // ---------------------------------------------------------------- conversion and moves

    /**
     * Applies {@code fn} to every parameter, parameter gradient and buffer of this module and its
     * descendants, as PyTorch's {@code _apply}: each result becomes the tensor's new data in place
     * ({@link Tensor#setData}), so every Parameter and buffer keeps its identity. Runs without
     * recording gradients. Layers that keep derived tensors override it to refresh them.
     *
     * @param fn the conversion of one tensor; returning the same tensor leaves it untouched
     * @return this module
     */
    protected Module applyToTensors(UnaryOperator<Tensor> fn) {
        for (Module child : children()) {
            child.applyToTensors(fn);
        }
        try (var scope = GradMode.noGrad()) {
            for (Parameter p : parameters.values()) {
                if (p == null) {
                    continue;
                }
                replaceData(p, fn);
                if (p.grad() != null) {
                    replaceData(p.grad(), fn);
                }
            }
            for (Tensor b : buffers.values()) {
                if (b != null) {
                    replaceData(b, fn);
                }
            }
        }
        return this;
    }

    private static void replaceData(Tensor t, UnaryOperator<Tensor> fn) {
        Tensor applied = fn.apply(t);
        if (applied != t) {
            t.setData(applied);
        }
    }

    /**
     * Moves parameters, gradients and buffers to {@code device}, in place, as {@code to(device)}.
     *
     * @param device where the tensors go
     * @return this module
     */
    public final Module to(Device device) {
        return applyToTensors(t -> t.to(device));
    }

    /**
     * Converts the floating-point parameters, gradients and buffers to {@code dtype}, in place;
     * integer and bool buffers (such as {@code num_batches_tracked}) keep their dtype, as in PyTorch.
     *
     * @param dtype a floating-point dtype
     * @return this module
     * @throws IllegalArgumentException for a dtype that is not floating point
     */
    public final Module to(DType dtype) {
        checkFloating(dtype);
        return applyToTensors(t -> t.dtype().isFloatingPoint() ? t.to(dtype) : t);
    }

    /**
     * Moves to {@code device} and converts floating-point tensors to {@code dtype}, in place, as
     * {@code to(device, dtype)}.
     *
     * @param device where the tensors go
     * @param dtype  a floating-point dtype for the floating-point tensors
     * @return this module
     * @throws IllegalArgumentException for a dtype that is not floating point
     */
    public final Module to(Device device, DType dtype) {
        checkFloating(dtype);
        return applyToTensors(t -> (t.dtype().isFloatingPoint() ? t.to(dtype) : t).to(device));
    }

    private static void checkFloating(DType dtype) {
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("nn.Module.to only accepts floating point or complex dtypes, but got "
                    + "desired dtype=torch." + dtype);
        }
    }

    /**
     * Moves parameters, gradients and buffers to the CPU, as {@code cpu()}.
     *
     * @return this module
     */
    public final Module cpu() {
        return to(Device.CPU);
    }

    /**
     * Moves parameters, gradients and buffers to {@code cuda:0}, as {@code cuda()}.
     *
     * @return this module
     */
    public final Module cuda() {
        return to(Device.cuda(0));
    }

    /**
     * Moves parameters, gradients and buffers to {@code cuda:index}, as {@code cuda(index)}.
     *
     * @param index the GPU's ordinal
     * @return this module
     */
    public final Module cuda(int index) {
        return to(Device.cuda(index));
    }

    /**
     * Converts floating-point parameters, gradients and buffers to float16, as {@code half()}.
     *
     * @return this module
     */
    public final Module half() {
        return to(DType.FLOAT16);
    }

    /**
     * Converts floating-point parameters, gradients and buffers to bfloat16, as {@code bfloat16()}.
     *
     * @return this module
     */
    public final Module bfloat16() {
        return to(DType.BFLOAT16);
    }

    /**
     * Converts floating-point parameters, gradients and buffers to float32, as PyTorch's {@code float()}.
     *
     * @return this module
     */
    public final Module floatType() {
        return to(DType.FLOAT32);
    }

    /**
     * Converts floating-point parameters, gradients and buffers to float64, as PyTorch's {@code double()}.
     *
     * @return this module
     */
    public final Module doubleType() {
        return to(DType.FLOAT64);
    }

    // ---------------------------------------------------------------- forward and call

    /**
     * The computation of a module with one tensor in and one out. The default fails with PyTorch's
     * message: a module overrides this or {@link #forward(Object...)}.
     *
     * @param input the input tensor (its shape is the layer's to say)
     * @return the output tensor
     * @throws UnsupportedOperationException when the module overrides neither forward
     */
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException("Module [" + typeName() + "] is missing the required \"forward\" function");
    }

    /**
     * The computation of a module with any inputs and outputs (see the class comment). The default
     * passes a single tensor to {@link #forward(Tensor)}.
     *
     * @param inputs the inputs in the order of PyTorch's {@code forward}, null for None
     * @return the output: a tensor, or several as an {@code Object[]}, a {@code List} or a record
     * @throws IllegalArgumentException from the default, when the inputs are not one tensor
     */
    public Object forward(Object... inputs) {
        if (inputs.length == 1 && (inputs[0] == null || inputs[0] instanceof Tensor)) {
            return forward((Tensor) inputs[0]);
        }
        StringBuilder got = new StringBuilder();
        for (Object in : inputs) {
            got.append(got.isEmpty() ? "" : ", ").append(describe(in));
        }
        throw new IllegalArgumentException(typeName() + ".forward takes one Tensor, but was called with (" + got + ")");
    }

    /**
     * Runs the module on one tensor: forward pre-hooks, {@link #forward}, forward hooks, and the
     * set-up of backward hooks, as Python's {@code module(x)}.
     *
     * @param input the input tensor
     * @return the output tensor, as the forward hooks left it
     * @throws IllegalStateException when forward returned something other than a tensor (call such a
     *                               module with {@link #call(Object...)})
     */
    public final Tensor call(Tensor input) {
        Object out = callWithHooks(new Object[] {input});
        if (out instanceof Tensor t) {
            return t;
        }
        throw new IllegalStateException(typeName() + " returned " + describe(out) + ", not a Tensor; call it as "
                + "call((Object) input) to get the result as it is");
    }

    /**
     * Runs the module on any inputs, with its hooks; the result is cast to the type the caller
     * assigns it to ({@code Tensor}, {@code Object[]}, a layer's output record).
     *
     * @param <R>    the type the caller expects; a wrong one fails with a {@link ClassCastException}
     *               where the result is assigned
     * @param inputs the inputs in the order of the module's forward, null for None (a null array is
     *               one null input)
     * @return the output of forward, as the forward hooks left it
     */
    @SuppressWarnings("unchecked")
    public final <R> R call(Object... inputs) {
        return (R) callWithHooks(inputs == null ? new Object[] {null} : inputs.clone());
    }

    /**
     * {@return whether a {@link #call} of this module runs a hook: a forward (pre-)hook or backward
     * hook of its own, or a global one}
     */
    public final boolean hasHooks() {
        return !(forwardPreHooks.isEmpty() && forwardHooks.isEmpty() && backwardHooks.isEmpty()
                && backwardPreHooks.isEmpty() && ModuleHooks.GLOBAL_FORWARD_PRE.isEmpty()
                && ModuleHooks.GLOBAL_FORWARD.isEmpty() && ModuleHooks.GLOBAL_BACKWARD.isEmpty()
                && ModuleHooks.GLOBAL_BACKWARD_PRE.isEmpty());
    }

    private Object callWithHooks(Object[] args) {
        if (!hasHooks()) {
            return forward(args);
        }
        for (ModuleHooks.ForwardPreHook hook : HookList.concat(ModuleHooks.GLOBAL_FORWARD_PRE, forwardPreHooks)) {
            Object[] replaced = hook.apply(this, args);
            if (replaced != null) {
                args = replaced;
            }
        }
        List<ModuleHooks.FullBackwardHook> bwHooks = HookList.concat(ModuleHooks.GLOBAL_BACKWARD, backwardHooks);
        List<ModuleHooks.BackwardPreHook> bwPreHooks = HookList.concat(ModuleHooks.GLOBAL_BACKWARD_PRE, backwardPreHooks);
        BackwardHookRunner bw = null;
        if (!bwHooks.isEmpty() || !bwPreHooks.isEmpty()) {
            bw = new BackwardHookRunner(this, bwHooks, bwPreHooks);
            args = bw.setupInputs(args);
        }
        Object result = forward(args);
        for (ModuleHooks.ForwardHook hook : HookList.concat(ModuleHooks.GLOBAL_FORWARD, forwardHooks)) {
            Object replaced = hook.apply(this, args, result);
            if (replaced != null) {
                result = replaced;
            }
        }
        return bw == null ? result : bw.setupOutputs(result);
    }

    // ---------------------------------------------------------------- hooks

    /**
     * Registers a hook run before each forward, as {@code register_forward_pre_hook}.
     *
     * @param hook sees the inputs and may replace them
     * @return the handle that removes the hook
     */
    public final RemovableHandle registerForwardPreHook(ModuleHooks.ForwardPreHook hook) {
        return forwardPreHooks.add(hook);
    }

    /**
     * Registers a hook run after each forward, as {@code register_forward_hook}.
     *
     * @param hook sees the inputs and output and may replace the output
     * @return the handle that removes the hook
     */
    public final RemovableHandle registerForwardHook(ModuleHooks.ForwardHook hook) {
        return forwardHooks.add(hook);
    }

    /**
     * Registers a hook run when the gradients of a call's inputs are computed, as
     * {@code register_full_backward_hook}.
     *
     * @param hook sees the gradients of the inputs and outputs and may replace those of the inputs
     * @return the handle that removes the hook
     */
    public final RemovableHandle registerFullBackwardHook(ModuleHooks.FullBackwardHook hook) {
        return backwardHooks.add(hook);
    }

    /**
     * Registers a hook run when the gradients of a call's outputs arrive, as
     * {@code register_full_backward_pre_hook}.
     *
     * @param hook sees the gradients of the outputs and may replace them
     * @return the handle that removes the hook
     */
    public final RemovableHandle registerFullBackwardPreHook(ModuleHooks.BackwardPreHook hook) {
        return backwardPreHooks.add(hook);
    }

    /**
     * Registers a hook run before this module writes its state dict entries, as
     * {@code register_state_dict_pre_hook}.
     *
     * @param hook sees the module, its key prefix and {@code keepVars}
     * @return the handle that removes the hook
     */
    public final RemovableHandle registerStateDictPreHook(ModuleHooks.StateDictPreHook hook) {
        return stateDictPreHooks.add(hook);
    }

    /**
     * Registers a hook run after this module and its children wrote their state dict entries, as
     * {@code _register_state_dict_hook}.
     *
     * @param hook sees the entries and may change or replace the map
     * @return the handle that removes the hook
     */
    public final RemovableHandle registerStateDictHook(ModuleHooks.StateDictHook hook) {
        return stateDictHooks.add(hook);
    }

    /**
     * Registers a hook run before this module's entries are matched by {@link #loadStateDict}, as
     * {@code _register_load_state_dict_pre_hook}.
     *
     * @param hook may rename or add entries of the (copied) state dict and add to the key lists
     * @return the handle that removes the hook
     */
    public final RemovableHandle registerLoadStateDictPreHook(ModuleHooks.LoadStateDictPreHook hook) {
        return loadStateDictPreHooks.add(hook);
    }

    /**
     * Registers a hook run after this module and its children were loaded, as
     * {@code register_load_state_dict_post_hook}.
     *
     * @param hook sees the missing and unexpected keys and may change the lists
     * @return the handle that removes the hook
     */
    public final RemovableHandle registerLoadStateDictPostHook(ModuleHooks.LoadStateDictPostHook hook) {
        return loadStateDictPostHooks.add(hook);
    }

    // ---------------------------------------------------------------- state dict

    /**
     * {@return the parameters and persistent buffers by dotted name, detached (sharing the data), as
     * {@code state_dict()}}
     */
    public final LinkedHashMap<String, Tensor> stateDict() {
        return stateDict("", false);
    }

    /**
     * Parameters and persistent buffers in PyTorch's order (each module's parameters, then its
     * persistent buffers, then its extra state under {@code "_extra_state"} when its class overrides
     * {@link #getExtraState()}, then its children's entries); shared modules and tied parameters appear
     * under every name, as in PyTorch.
     *
     * @param prefix   prepended to every key
     * @param keepVars when false the values are detached tensors sharing the data; when true the
     *                 parameters themselves
     * @return the entries by key, in PyTorch's order (a state dict hook may have replaced the map)
     */
    public final LinkedHashMap<String, Tensor> stateDict(String prefix, boolean keepVars) {
        return writeStateDict(new LinkedHashMap<>(), prefix, keepVars);
    }

    private LinkedHashMap<String, Tensor> writeStateDict(LinkedHashMap<String, Tensor> destination, String prefix,
                                                         boolean keepVars) {
        for (ModuleHooks.StateDictPreHook hook : stateDictPreHooks.snapshot()) {
            hook.apply(this, prefix, keepVars);
        }
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            if (e.getValue() != null) {
                destination.put(prefix + e.getKey(), keepVars ? e.getValue() : e.getValue().detach());
            }
        }
        for (Map.Entry<String, Tensor> e : persistentBuffers().entrySet()) {
            destination.put(prefix + e.getKey(), keepVars ? e.getValue() : e.getValue().detach());
        }
        if (ExtraState.saves(this)) {
            destination.put(prefix + ExtraState.KEY, getExtraState());
        }
        for (Map.Entry<String, Module> e : modules.entrySet()) {
            if (e.getValue() != null) {
                // as in PyTorch, a child's hook that returns a new map does not replace the parent's
                e.getValue().writeStateDict(destination, prefix + e.getKey() + ".", keepVars);
            }
        }
        for (ModuleHooks.StateDictHook hook : stateDictHooks.snapshot()) {
            Map<String, Tensor> replaced = hook.apply(this, destination, prefix);
            if (replaced != null) {
                destination = replaced instanceof LinkedHashMap<String, Tensor> l ? l : new LinkedHashMap<>(replaced);
            }
        }
        return destination;
    }

    /**
     * {@return state that is neither a parameter nor a buffer, saved in the state dict under
     * {@code prefix + "_extra_state"}, as PyTorch's {@code get_extra_state}} A module class that has such
     * state overrides this method, and {@link #setExtraState(Object)} to load it; only modules whose
     * class overrides it have the key. Unlike PyTorch, where it can be any picklable object, the state
     * is a tensor, since Arbor's state dicts map names to tensors: encode other state in one. It is put
     * in the state dict as returned (not detached or copied).
     *
     * @throws UnsupportedOperationException with PyTorch's message, unless a subclass overrides it
     */
    public Tensor getExtraState() {
        throw new UnsupportedOperationException("Reached a code path in Module.get_extra_state() that should never be "
                + "called. Please file an issue at https://github.com/pytorch/pytorch/issues/new?template=bug-report.yml "
                + "to report this bug.");
    }

    /**
     * Restores the state that {@link #getExtraState()} saved, as PyTorch's {@code set_extra_state}:
     * {@link #loadStateDict} calls it with the value under {@code prefix + "_extra_state"} when this
     * module's class overrides it (the key is then missing when absent; in a module that does not
     * override it, the key is unexpected). It is called after every check has passed, with the other
     * values' copies, so a failed load does not call it.
     *
     * @param state the value in the state dict: the tensor {@link #getExtraState()} returned, or
     *              whatever object a loaded checkpoint holds there
     * @throws UnsupportedOperationException with PyTorch's message, unless a subclass overrides it
     */
    public void setExtraState(Object state) {
        throw new UnsupportedOperationException("Reached a code path in Module.set_extra_state() that should never be "
                + "called. Please file an issue at https://github.com/pytorch/pytorch/issues/new?template=bug-report.yml "
                + "to report this bug.");
    }

    /** This module's own non-null parameters and persistent buffers by name: what it loads and saves. */
    final LinkedHashMap<String, Tensor> localState() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            if (e.getValue() != null) {
                out.put(e.getKey(), e.getValue());
            }
        }
        out.putAll(persistentBuffers());
        return out;
    }

    private LinkedHashMap<String, Tensor> persistentBuffers() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : buffers.entrySet()) {
            if (e.getValue() != null && !nonPersistentBuffers.contains(e.getKey())) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /**
     * Loads a state dict strictly (every key must match) by copying, as {@code load_state_dict(sd)};
     * see {@link #loadStateDict(Map, boolean, boolean)}.
     *
     * @param stateDict tensors by dotted name, as {@link #stateDict()} writes them
     * @return the missing and unexpected keys (both empty, since the load is strict)
     * @throws StateDictLoadException listing every problem in PyTorch's words
     */
    public final IncompatibleKeys loadStateDict(Map<String, ?> stateDict) {
        return loadStateDict(stateDict, true, false);
    }

    /**
     * Loads a state dict by copying, as {@code load_state_dict(sd, strict)}; see
     * {@link #loadStateDict(Map, boolean, boolean)}.
     *
     * @param stateDict tensors by dotted name, as {@link #stateDict()} writes them
     * @param strict    when true, a missing or unexpected key is an error (PyTorch's default)
     * @return the missing and unexpected keys
     * @throws StateDictLoadException listing every problem in PyTorch's words
     */
    public final IncompatibleKeys loadStateDict(Map<String, ?> stateDict, boolean strict) {
        return loadStateDict(stateDict, strict, false);
    }

    /**
     * Copies parameters and persistent buffers from {@code stateDict} into this module and its
     * descendants, as {@code load_state_dict}. Values are copied without recording gradients and
     * converted to each tensor's dtype and device; a 1-element 1-d value loads into a 0-d tensor. A
     * module whose class overrides {@link #setExtraState(Object)} is given its {@code "_extra_state"}
     * value, after the copies.
     *
     * <p>Atomic, unlike PyTorch: every key is matched and every shape checked before any value is
     * copied, and a failure changes no tensor. Load post-hooks run after the copy; when they exist and
     * the strict check still fails after them, the copied values are restored.
     *
     * @param stateDict tensors by dotted name, as {@link #stateDict()} writes them (a value that is
     *                  not a tensor is reported as an error)
     * @param strict when true, a missing or unexpected key is an error
     * @param assign when true, each tensor takes the value's data without a copy (its storage, dtype
     *               and device, as PyTorch's {@code assign=True}), keeping the Parameter object and
     *               its {@code requiresGrad}
     * @return the missing and unexpected keys
     * @throws StateDictLoadException listing every problem in PyTorch's words
     */
    public final IncompatibleKeys loadStateDict(Map<String, ?> stateDict, boolean strict, boolean assign) {
        return StateDictLoading.load(this, stateDict, strict, assign);
    }

    // ---------------------------------------------------------------- printing

    /**
     * {@return the layer's settings as PyTorch's {@code extra_repr} prints them (empty by default)},
     * shown inside the parentheses of {@link #toString()}
     */
    public String extraRepr() {
        return "";
    }

    /** {@return the module tree as PyTorch's repr prints it} */
    @Override
    public String toString() {
        String extra = extraRepr();
        List<String> extraLines = extra.isEmpty() ? List.of() : List.of(extra.split("\n", -1));
        List<String> childLines = new ArrayList<>();
        for (Map.Entry<String, Module> e : modules.entrySet()) {
            String child = e.getValue() == null ? "None" : e.getValue().toString();
            childLines.add("(" + e.getKey() + "): " + indent(child));
        }
        StringBuilder sb = new StringBuilder(typeName()).append('(');
        if (extraLines.size() == 1 && childLines.isEmpty()) {
            sb.append(extraLines.getFirst());
        } else if (!extraLines.isEmpty() || !childLines.isEmpty()) {
            List<String> lines = new ArrayList<>(extraLines);
            lines.addAll(childLines);
            sb.append("\n  ").append(String.join("\n  ", lines)).append('\n');
        }
        return sb.append(')').toString();
    }

    /** Indents every line but the first by two spaces, as PyTorch's {@code _addindent}. */
    private static String indent(String s) {
        return s.replace("\n", "\n  ");
    }
}
