package dev.arbor.nn.utils;

import static dev.arbor.nn.Fixtures.assertClose;
import static dev.arbor.nn.Fixtures.tensor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.arbor.nn.Fixtures;
import dev.arbor.nn.Parameter;
import dev.arbor.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** clip_grad_norm_ (2, 1, inf and fractional norms) and clip_grad_value_ against PyTorch. */
class GradientsTest {
    private static final Map<String, Object> FIXTURE = Fixtures.load("clip_grad.json");

    private static List<Parameter> withGrads() {
        List<Parameter> out = new ArrayList<>();
        for (Object g : (List<?>) FIXTURE.get("grads")) {
            Tensor grad = tensor(g);
            Parameter p = new Parameter(Tensor.zerosLike(grad));
            p.setGrad(grad);
            out.add(p);
        }
        return out;
    }

    @Test
    void clipGradNormMatchesPyTorch() {
        for (Object c : (List<?>) FIXTURE.get("norm_cases")) {
            Map<?, ?> cs = (Map<?, ?>) c;
            double normType = cs.get("norm_type") instanceof Number n ? n.doubleValue() : Double.POSITIVE_INFINITY;
            double maxNorm = ((Number) cs.get("max_norm")).doubleValue();
            String what = "max_norm " + maxNorm + " norm_type " + normType;
            List<Parameter> params = withGrads();
            Tensor total = Gradients.clipGradNorm_(params, maxNorm, normType, false);
            assertEquals(((Number) cs.get("total_norm")).doubleValue(), total.item(), 1e-5 * total.item(), what);
            List<?> grads = (List<?>) cs.get("grads");
            for (int i = 0; i < params.size(); i++) {
                assertClose(tensor(grads.get(i)), params.get(i).grad(), what + " grad " + i);
            }
        }
    }

    @Test
    void clipGradValueMatchesPyTorch() {
        List<Parameter> params = withGrads();
        Gradients.clipGradValue_(params, 0.5);
        List<?> grads = (List<?>) FIXTURE.get("value_0.5");
        for (int i = 0; i < params.size(); i++) {
            assertClose(tensor(grads.get(i)), params.get(i).grad(), "grad " + i);
        }
    }

    @Test
    void nonFiniteNormsAndMissingGrads() {
        List<Parameter> params = withGrads();
        params.getFirst().grad().fill_(Double.NaN);
        assertEquals("The total norm of order 2.0 for gradients from `parameters` is non-finite, so it cannot be "
                        + "clipped. To disable this error and scale the gradients by the non-finite norm anyway, set "
                        + "`error_if_nonfinite=False`",
                assertThrows(IllegalStateException.class,
                        () -> Gradients.clipGradNorm_(params, 1, 2, true)).getMessage());
        assertEquals(0.0, Gradients.clipGradNorm_(List.of(new Parameter(Tensor.ones(2))), 1).item());
    }
}
