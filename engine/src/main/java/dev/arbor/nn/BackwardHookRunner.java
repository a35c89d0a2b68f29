package dev.arbor.nn;

import dev.arbor.tensor.Autograd;
import dev.arbor.tensor.GradMode;
import dev.arbor.tensor.Tensor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The full backward hooks of one module call, as PyTorch's {@code torch.utils.hooks.BackwardHook}:
 * the call's input tensors and output tensors each pass through identity autograd nodes, so that the
 * gradients of all inputs (and of all outputs) can be seen together.
 *
 * <p>PyTorch uses one identity node with several outputs per side. Arbor's nodes have one output, so
 * each side is a gathering node (one 0-d anchor output, the original tensors as inputs) and one
 * identity node per tensor hanging off the anchor. The engine runs a node only after every node that
 * consumes its output, so the gathering node runs once, after all the per-tensor nodes have stored
 * their gradients, and sees them together, exactly when PyTorch's multi-output node would run. A
 * tensor that received no gradient is null there, as in PyTorch.
 */
final class BackwardHookRunner {
    private static final String NODE_NAME = "BackwardHookFunctionBackward";

    private final Module module;
    private final List<ModuleHooks.FullBackwardHook> hooks;
    private final List<ModuleHooks.BackwardPreHook> preHooks;

    private int inputCount;
    private Wrapped inputs;
    private int outputCount;
    private Wrapped outputs;
    /** Set when the output gradients arrive; read and cleared when the input gradients are ready. */
    private Tensor[] gradOutputs;

    BackwardHookRunner(Module module, List<ModuleHooks.FullBackwardHook> hooks,
                       List<ModuleHooks.BackwardPreHook> preHooks) {
        this.module = module;
        this.hooks = hooks;
        this.preHooks = preHooks;
    }

    /** Wraps the tensors among the call's inputs. */
    Object[] setupInputs(Object[] args) {
        inputCount = args.length;
        Object[] out = args.clone();
        inputs = wrap(out, this::onInputGrads);
        return out;
    }

    /**
     * Wraps the tensors of the output: a tensor, or the top-level tensors of an {@code Object[]}, a
     * {@code List} or a record (Java's tuples; a nested tuple is not looked into, as in PyTorch).
     */
    Object setupOutputs(Object result) {
        Object[] values;
        if (result instanceof Tensor) {
            values = new Object[] {result};
        } else if (result instanceof Object[] array) {
            values = array.clone();
        } else if (result instanceof List<?> list) {
            values = list.toArray();
        } else if (result instanceof Record r && recordComponents(r) != null) {
            values = recordComponents(r);
        } else {
            values = new Object[] {result};
        }
        outputCount = values.length;
        outputs = wrap(values, this::onOutputGrads);
        if (outputs == null) {
            return result;
        }
        if (result instanceof Tensor) {
            return values[0];
        }
        if (result instanceof Record r) {
            return rebuild(r, values);
        }
        return result instanceof Object[] ? values : new ArrayList<>(Arrays.asList(values));
    }

    /** A record's component values in order, or null when they cannot be read (a record of a closed package). */
    private static Object[] recordComponents(Record r) {
        RecordComponent[] components = r.getClass().getRecordComponents();
        Object[] values = new Object[components.length];
        try {
            for (int i = 0; i < components.length; i++) {
                values[i] = components[i].getAccessor().invoke(r);
            }
            return values;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** A record of the same type with these component values, through its canonical constructor. */
    private static Record rebuild(Record r, Object[] values) {
        RecordComponent[] components = r.getClass().getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
        }
        try {
            return (Record) r.getClass().getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("full backward hooks of " + r.getClass().getSimpleName() + " outputs need "
                    + "its canonical constructor to be accessible", e);
        }
    }

    /** The tensors found among a call's values, and their positions there. */
    private record Wrapped(int[] positions, Tensor[] tensors) {}

    /**
     * Replaces, in place, each tensor of {@code values} that requires grad by an identity of it
     * whose gradient goes through {@code onGrads}, which gets the gradients of all the tensors
     * (indexed as they appear in {@code values}'s tensors) and returns those to pass on.
     *
     * @return the tensors and their positions in {@code values}, or null when autograd is off or no
     *         tensor requires grad (nothing is wrapped)
     */
    private static Wrapped wrap(Object[] values, UnaryOperator<Tensor[]> onGrads) {
        List<Integer> positions = new ArrayList<>();
        boolean anyRequiresGrad = false;
        for (int i = 0; i < values.length; i++) {
            if (values[i] instanceof Tensor t) {
                positions.add(i);
                anyRequiresGrad |= t.requiresGrad();
            }
        }
        if (!anyRequiresGrad || !GradMode.isEnabled()) {
            return null;
        }
        int n = positions.size();
        Tensor[] tensors = new Tensor[n];
        List<Tensor> differentiable = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            tensors[k] = (Tensor) values[positions.get(k)];
            if (tensors[k].requiresGrad()) {
                differentiable.add(tensors[k]);
            }
        }
        Tensor[] slots = new Tensor[n];
        Tensor anchor = Autograd.record(NODE_NAME, Tensor.zeros(), differentiable.toArray(Tensor[]::new), g -> {
            Tensor[] passed = onGrads.apply(slots.clone());
            Tensor[] out = new Tensor[differentiable.size()];
            for (int k = 0, d = 0; k < n; k++) {
                if (tensors[k].requiresGrad()) {
                    out[d++] = passed[k];
                }
            }
            return out;
        });
        for (int k = 0; k < n; k++) {
            if (!tensors[k].requiresGrad()) {
                continue;
            }
            int slot = k;
            values[positions.get(k)] = Autograd.record(NODE_NAME, tensors[k].detach(), new Tensor[] {anchor}, g -> {
                slots[slot] = g;
                return new Tensor[] {Tensor.zeros()};
            });
        }
        return new Wrapped(positions.stream().mapToInt(Integer::intValue).toArray(), tensors);
    }

    /** The gradients of the output tensors arrived: run the pre-hooks; they are what flows into the module. */
    private Tensor[] onOutputGrads(Tensor[] grads) {
        Tensor[] packed = pack(outputs.positions(), grads, outputCount);
        for (ModuleHooks.BackwardPreHook hook : preHooks) {
            Tensor[] replaced = hook.apply(module, packed.clone());
            if (replaced == null) {
                continue;
            }
            if (replaced.length != packed.length) {
                throw new IllegalStateException("Backward pre hook returned an invalid number of grad_output, got "
                        + replaced.length + ", but expected " + packed.length);
            }
            packed = replaced;
        }
        gradOutputs = packed;
        if (inputs == null) {
            // no input requires grad: the hooks run now, with no input gradients to change
            Tensor[] gradInputs = new Tensor[inputCount];
            for (ModuleHooks.FullBackwardHook hook : hooks) {
                Tensor[] res = hook.apply(module, gradInputs.clone(), packed.clone());
                if (res != null && Arrays.stream(res).anyMatch(t -> t != null)) {
                    throw new IllegalStateException("Backward hook for Modules where no input requires gradient "
                            + "should always return None or None for all gradients.");
                }
            }
            gradOutputs = null;
        }
        return unpack(outputs.positions(), packed);
    }

    /**
     * The gradients of the input tensors are ready: run the full backward hooks. As in PyTorch, whose
     * identity node materialises missing gradients, an input tensor that got none (or needs none)
     * shows zeros.
     */
    private Tensor[] onInputGrads(Tensor[] grads) {
        if (gradOutputs == null) {
            // the gradient reached the inputs without passing through the outputs
            return grads;
        }
        for (int k = 0; k < grads.length; k++) {
            if (grads[k] == null) {
                grads[k] = Tensor.zerosLike(inputs.tensors()[k]);
            }
        }
        Tensor[] packed = pack(inputs.positions(), grads, inputCount);
        for (ModuleHooks.FullBackwardHook hook : hooks) {
            Tensor[] replaced = hook.apply(module, packed.clone(), gradOutputs.clone());
            if (replaced == null) {
                continue;
            }
            if (replaced.length != packed.length) {
                throw new IllegalStateException("Backward hook returned an invalid number of grad_input, got "
                        + replaced.length + ", but expected " + packed.length);
            }
            packed = replaced;
        }
        gradOutputs = null;
        return unpack(inputs.positions(), packed);
    }

    /** One entry per position of the call's values, null where the value is not a tensor. */
    private static Tensor[] pack(int[] positions, Tensor[] grads, int size) {
        Tensor[] out = new Tensor[size];
        for (int k = 0; k < positions.length; k++) {
            out[positions[k]] = grads[k];
        }
        return out;
    }

    private static Tensor[] unpack(int[] positions, Tensor[] packed) {
        Tensor[] out = new Tensor[positions.length];
        for (int k = 0; k < positions.length; k++) {
            out[k] = packed[positions[k]];
        }
        return out;
    }
}
