package dev.arbor.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/** Loading shared libraries and binding their C functions with the foreign function API. */
final class Native {
    private static final Linker LINKER = Linker.nativeLinker();

    private Native() {}

    /** A loaded library: its name for messages and its symbols. Libraries stay loaded for the JVM's life. */
    record Library(String name, SymbolLookup symbols) {
        /** Opens a library file; an {@link IllegalArgumentException} when the dynamic linker refuses it. */
        static Library open(Path file) {
            return new Library(file.toString(), SymbolLookup.libraryLookup(file, Arena.global()));
        }

        /** Opens a library by the name the dynamic linker resolves ({@code libcuda.so.1}). */
        static Library openSystem(String soname) {
            return new Library(soname, SymbolLookup.libraryLookup(soname, Arena.global()));
        }

        /** Binds a function; an {@link UnsatisfiedLinkError} naming it when the library lacks it. */
        MethodHandle function(String fn, FunctionDescriptor descriptor) {
            return first(descriptor, fn);
        }

        /** Binds the first of several names the function has had across versions ({@code _v2} first). */
        MethodHandle first(FunctionDescriptor descriptor, String... names) {
            for (String n : names) {
                var symbol = symbols.find(n);
                if (symbol.isPresent()) {
                    return LINKER.downcallHandle(symbol.get(), descriptor);
                }
            }
            throw new UnsatisfiedLinkError(name + " has no function " + String.join(" or ", names));
        }

        /** True when the library exports {@code fn}. */
        boolean has(String fn) {
            return symbols.find(fn).isPresent();
        }
    }

    /** The NUL-terminated string a C function returned a pointer to, or {@code "?"} for NULL. */
    static String cString(MemorySegment pointer) {
        if (pointer == null || pointer.address() == 0) {
            return "?";
        }
        return pointer.reinterpret(Long.MAX_VALUE).getString(0);
    }

    /** Unwraps what {@code invokeExact} threw: runtime exceptions and errors as they are. */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("native call failed", t);
    }
}
