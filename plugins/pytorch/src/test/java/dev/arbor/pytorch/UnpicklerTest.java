package dev.arbor.pytorch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The restricted unpickler on plain data of every protocol and on malformed and hostile pickles. */
class UnpicklerTest {
    /** A pickle from its parts: ints are bytes, strings their ASCII bytes. */
    static byte[] pickle(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof Integer b) {
                out.write(b);
            } else {
                out.writeBytes(((String) part).getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        return out.toByteArray();
    }

    static Object load(byte[] pickle) throws IOException {
        return Unpickler.loadPlain(MemorySegment.ofArray(pickle), 0, "test.pkl");
    }

    static String failure(byte[] pickle) {
        return assertThrows(UnpicklingException.class, () -> load(pickle)).getMessage();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5})
    void plainDataOfEveryProtocol(int protocol) throws IOException {
        Map<?, ?> m = assertInstanceOf(LinkedHashMap.class, load(Fixtures.bytes("plain_p" + protocol + ".pkl")));
        assertEquals(7L, m.get("int"));
        assertEquals(-300000L, m.get("neg"));
        assertEquals(BigInteger.TWO.pow(80).negate(), m.get("big"));
        assertEquals(-1.25, m.get("float"));
        assertEquals("h\u00e9llo \u2603\n", m.get("str"));
        assertArrayEquals(new byte[] {0, (byte) 0xff}, (byte[]) m.get("bytes"));
        assertEquals(List.of(1L, List.of(2L, 3L), List.of()), m.get("list"));
        assertEquals(Arrays.asList(null, true, false), m.get("tuple"));
        assertEquals(Set.of(3L), m.get("set"));
        assertEquals(Set.of(4L), m.get("frozen"));
        assertEquals(Map.of("a", Map.of("b", List.of(1.5))), m.get("nested"));
        assertEquals("int key", m.get(5L));
        assertEquals("tuple key", m.get(List.of(1L, 2L)));
        assertEquals(13, m.size());
    }

    @Test
    void hostileFixturesAreRefusedNamingTheGlobal() throws IOException {
        Map<String, String> globals = Map.of("hostile_os_system.pt", "posix.system", "hostile_nested.pt", "posix.system",
                "hostile_legacy.pt", "posix.system", "hostile_unknown.pt", "__main__.Unknown");
        for (Map.Entry<String, String> e : globals.entrySet()) {
            ForbiddenGlobalException x = assertThrows(ForbiddenGlobalException.class,
                    () -> TorchCheckpoint.load(Fixtures.path(e.getKey())), e.getKey());
            assertEquals(e.getValue(), x.global());
            assertTrue(x.getMessage().contains("refused global " + e.getValue()) && x.getMessage().contains(e.getKey())
                    && x.getMessage().contains("nothing was run"), x.getMessage());
        }
        Map<String, String> pickles = Map.of("hostile_eval_p4.pkl", "builtins.eval", "hostile_exec_p2.pkl",
                "__builtin__.exec", "hostile_exec_p0.pkl", "__builtin__.exec");
        for (Map.Entry<String, String> e : pickles.entrySet()) {
            ForbiddenGlobalException x = assertThrows(ForbiddenGlobalException.class,
                    () -> load(Fixtures.bytes(e.getKey())), e.getKey());
            assertEquals(e.getValue(), x.global());
        }
        assertThrows(IOException.class, () -> TorchCheckpoint.loadStateDict(Fixtures.path("hostile_nested.pt")),
                "a hostile global deep inside an otherwise valid checkpoint");
    }

    @Test
    void everyCallableOutsideTheAllowlistIsRefused() {
        for (String global : List.of("os\nsystem", "posix\nsystem", "nt\nsystem", "builtins\neval", "builtins\nexec",
                "builtins\ngetattr", "builtins\n__import__", "subprocess\nPopen", "torch\nload", "torch._utils\nsystem",
                "collections\ndefaultdict", "numpy.core.multiarray\n_reconstruct", "torch.nn.modules.linear\nLinear")) {
            ForbiddenGlobalException x = assertThrows(ForbiddenGlobalException.class,
                    () -> load(pickle(0x80, 2, "c", global + "\n", ".")));
            assertEquals(global.replace('\n', '.'), x.global());
        }
        // STACK_GLOBAL (protocol 4) and INST (protocol 0) are checked the same way.
        assertEquals("os.system", assertThrows(ForbiddenGlobalException.class, () -> load(
                pickle(0x80, 4, 0x8c, 2, "os", 0x8c, 6, "system", 0x93, "."))).global());
        assertEquals("os.system", assertThrows(ForbiddenGlobalException.class, () -> load(
                pickle("(S'ls'\nios\nsystem\n."))).global());
    }

    @Test
    void allowedButUnrepresentableGlobalsSaySo() {
        assertTrue(failure(pickle(0x80, 2, "ctorch._utils\n_rebuild_sparse_tensor\n.")).contains("no sparse tensors"));
        assertTrue(failure(pickle(0x80, 2, "ctorch\ncomplex64\n.")).contains("no complex dtypes"));
    }

    @Test
    void hugeDeclaredLengthsFailBeforeAllocating() {
        assertTrue(failure(pickle(0x80, 2, "X", 0xf0, 0xff, 0xff, 0xff, "abc")).contains("needs 4294967280 bytes, but only 3"));
        assertTrue(failure(pickle(0x80, 4, 0x8e, 0, 0, 0, 0, 0, 0, 0, 0x40, "x")).contains("but only 1"));
        assertTrue(failure(pickle(0x80, 4, 0x8d, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, "x"))
                .contains("needs 18446744073709551615 bytes"));
        assertTrue(failure(pickle(0x80, 2, 0x8b, 0xff, 0xff, 0xff, 0x7f, 1)).contains("but only 1"));
        assertTrue(failure(pickle(0x80, 2, 0x8b, 0xff, 0xff, 0xff, 0xff)).contains("negative length"));
        assertTrue(failure(pickle(0x80, 4, 0x95, 0, 0, 0, 0, 0, 0, 0, 1, "N.")).contains("frame of"));
        assertTrue(failure(pickle(0x80, 2, "T", 0xff, 0xff, 0xff, 0xff)).contains("negative length"));
    }

    @Test
    void malformedPicklesFailWithTheOffsetAndOpcode() {
        String underflow = failure(pickle(0x80, 2, "a."));
        assertTrue(underflow.contains("test.pkl: pickle opcode 'a' at byte 2: stack underflow"), underflow);
        assertTrue(failure(pickle(0x80, 2, "]", "(", "a.")).contains("stack underflow"), "pops stop at a MARK");
        assertTrue(failure(pickle(0x80, 2, "N")).contains("ends without STOP at byte 3: needs 1 bytes, but only 0"));
        assertTrue(failure(pickle(0x80, 9, "N.")).contains("unsupported pickle protocol 9"));
        assertTrue(failure(pickle(0x80, 2, 0xff)).contains("unknown opcode"));
        assertTrue(failure(pickle(0x80, 2, "h", 5, ".")).contains("memo entry 5 was never stored"));
        assertTrue(failure(pickle(0x80, 2, "}", "N", "a.")).contains("can only append to a list, not dict"));
        assertTrue(failure(pickle(0x80, 2, "]", "N", "N", "s.")).contains("can only set items of a dict, not list"));
        assertTrue(failure(pickle(0x80, 2, "}", "]", "N", "s.")).contains("unhashable type: 'list'"));
        assertTrue(failure(pickle(0x80, 2, "N", ")R.")).contains("NoneType is not callable"));
        assertTrue(failure(pickle(0x80, 2, "ccollections\nOrderedDict\n", "]R.")).contains("must be a tuple"));
        assertTrue(failure(pickle(0x80, 2, "]", "}b.")).contains("can only set the state of an OrderedDict"));
        assertTrue(failure(pickle(0x80, 2, "K", 1, "K", 2, 0x86, "Q.")).contains("persistent id (1, 2) where none"));
        assertTrue(failure(pickle(0x80, 2, "X", 2, 0, 0, 0, 0xc3, 0x28, ".")).contains("not valid UTF-8"));
        assertTrue(failure(pickle("I12x\n.")).contains("not an integer: '12x'"));
        assertTrue(failure(pickle(0x80, 2, "ctorch._utils\n_rebuild_tensor_v2\n", "(K", 1, "tR."))
                .contains("_rebuild_tensor_v2 takes 6 to 7 arguments, got 1"));
        assertTrue(failure(pickle(0x80, 2, "ctorch._utils\n_rebuild_tensor\n", "(N", "K", 0, ")", ")tR."))
                .contains("argument 1 must be a storage, not NoneType"));
    }

    @Test
    void stackMarksAndMemoAreBounded() {
        byte[] marks = new byte[Unpickler.MAX_MARKS + 10];
        Arrays.fill(marks, (byte) '(');
        assertTrue(failure(marks).contains("MARKs nest deeper than"));
        byte[] dups = new byte[Unpickler.MAX_STACK + 10];
        Arrays.fill(dups, (byte) '2');
        dups[0] = 'N';
        assertTrue(failure(dups).contains("the stack grows past"));
    }

    @Test
    void keysThatWouldBeCostlyToHashAreRefused() throws IOException {
        // t(k) = (t(k-1), t(k-1)): 41 bytes that stand for 2^20 values; as a key, hashing and comparing it
        // would visit every one.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(pickle(0x80, 2, "}", "N", "q", 0, "0"));
        for (int i = 0; i < 20; i++) {
            out.writeBytes(pickle("h", 0, "h", 0, 0x86, "q", 0, "0"));
        }
        out.writeBytes(pickle("h", 0, "N", "s."));
        assertTrue(failure(out.toByteArray()).contains("unhashable type: 'tuple'"));
        assertEquals(Map.of(List.of(List.of(1L)), 2L), load(pickle(0x80, 2, "}", "K", 1, 0x85, 0x85, "K", 2, "s.")));
    }
}
