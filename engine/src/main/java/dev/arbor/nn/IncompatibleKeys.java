package dev.arbor.nn;

import java.util.List;

/**
 * What {@link Module#loadStateDict} reports, as PyTorch's {@code _IncompatibleKeys}: the module's
 * keys the state dict lacked and the state dict's keys the module does not have. Load post-hooks
 * may change the lists in place (a strict load then judges the changed lists).
 *
 * @param missingKeys    keys of the module's state dict not found in the loaded one
 * @param unexpectedKeys keys of the loaded state dict the module has no entry for
 */
public record IncompatibleKeys(List<String> missingKeys, List<String> unexpectedKeys) {
    /** PyTorch's text: {@code <All keys matched successfully>} or the two lists. */
    @Override
    public String toString() {
        if (missingKeys.isEmpty() && unexpectedKeys.isEmpty()) {
            return "<All keys matched successfully>";
        }
        return "_IncompatibleKeys(missing_keys=" + PyRepr.strings(missingKeys) + ", unexpected_keys="
                + PyRepr.strings(unexpectedKeys) + ")";
    }
}
