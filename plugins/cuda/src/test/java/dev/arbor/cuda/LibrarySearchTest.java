package dev.arbor.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library search on fake file trees (toolkits, wheels, conda) and on this machine. */
class LibrarySearchTest {
    private static Path touch(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[0]);
        return file;
    }

    private static LibrarySearch.Environment env(Path root, Map<String, String> vars, List<Path> configured) {
        return new LibrarySearch.Environment(vars, configured, root, root.resolve("home/user"), "amd64");
    }

    @Test
    void searchesConfiguredThenEnvironmentThenToolkitsThenSystemThenWheels(@TempDir Path root) throws IOException {
        Path configured = Files.createDirectories(root.resolve("opt/mine"));
        Path ld = Files.createDirectories(root.resolve("ld"));
        Path cudaHome = Files.createDirectories(root.resolve("opt/cuda-home/lib64"));
        Path cuda = Files.createDirectories(root.resolve("usr/local/cuda/lib64"));
        Path cuda124 = Files.createDirectories(root.resolve("usr/local/cuda-12.4/lib64"));
        Path cuda130 = Files.createDirectories(root.resolve("usr/local/cuda-13.0/targets/x86_64-linux/lib"));
        Path cuda96 = Files.createDirectories(root.resolve("usr/local/cuda-9.6/lib64"));
        Path system = Files.createDirectories(root.resolve("usr/lib/x86_64-linux-gnu"));
        Path site = root.resolve("home/user/.local/lib/python3.11/site-packages");
        Path nvrtcWheel = Files.createDirectories(site.resolve("nvidia/cuda_nvrtc/lib"));
        Path cublasWheel = Files.createDirectories(site.resolve("nvidia/cublas/lib"));
        Path torch = Files.createDirectories(site.resolve("torch/lib"));
        Path venvSite = Files.createDirectories(root.resolve("venv/lib/python3.12/site-packages/nvidia/cu13/lib"));
        Map<String, String> vars = new HashMap<>();
        vars.put("LD_LIBRARY_PATH", ld + "::" + root.resolve("missing"));
        vars.put("CUDA_HOME", root.resolve("opt/cuda-home").toString());
        vars.put("VIRTUAL_ENV", root.resolve("venv").toString());

        List<Path> dirs = LibrarySearch.directories(env(root, vars, List.of(configured)));

        List<Path> expectedOrder = List.of(configured, ld, cudaHome, cuda, cuda130, cuda124, cuda96, system, venvSite,
                cublasWheel, nvrtcWheel, torch);
        int last = -1;
        for (Path p : expectedOrder) {
            int at = dirs.indexOf(p.normalize());
            assertTrue(at > last, p + " should follow the folders before it in " + dirs);
            last = at;
        }
        assertTrue(dirs.stream().allMatch(Files::isDirectory), "only existing folders are listed: " + dirs);
    }

    @Test
    void findsTheHighestVersionPerFolderAndWheelNamesWithHashes(@TempDir Path root) throws IOException {
        Path a = root.resolve("a");
        touch(a.resolve("libnvrtc.so"));
        touch(a.resolve("libnvrtc.so.12"));
        touch(a.resolve("libnvrtc.so.13"));
        touch(a.resolve("libnvrtc.so.12.8.93"));
        touch(a.resolve("libnvrtc-builtins.so.13.0"));
        touch(a.resolve("libnvrtc_static.a"));
        Path b = root.resolve("b");
        touch(b.resolve("libnvrtc-1a2b3c4d.so.11.2"));
        touch(b.resolve("libcublasLt.so.12"));

        List<LibrarySearch.Candidate> found = LibrarySearch.find("nvrtc", List.of(a, b));

        assertEquals(List.of(a.resolve("libnvrtc.so.13"), a.resolve("libnvrtc.so.12.8.93"), a.resolve("libnvrtc.so.12"),
                a.resolve("libnvrtc.so"), b.resolve("libnvrtc-1a2b3c4d.so.11.2")), found.stream().map(LibrarySearch.Candidate::path).toList());
        assertEquals(13, found.get(0).major());
        assertEquals(-1, found.get(3).major());
        assertEquals(List.of(), LibrarySearch.find("cublas", List.of(a, b)), "libcublasLt is not libcublas");
        assertEquals(1, LibrarySearch.find("nvrtc-builtins", List.of(a)).size());
    }

    @Test
    void aSymlinkToAFileAlreadyFoundIsListedOnce(@TempDir Path root) throws IOException {
        Path real = touch(root.resolve("lib/libcublas.so.12.8.4.1"));
        Files.createSymbolicLink(root.resolve("lib/libcublas.so.12"), real.getFileName());
        Files.createSymbolicLink(root.resolve("lib/libcublas.so"), Path.of("libcublas.so.12"));

        List<LibrarySearch.Candidate> found = LibrarySearch.find("cublas", List.of(root.resolve("lib")));

        assertEquals(List.of(real), found.stream().map(LibrarySearch.Candidate::path).toList());
    }

    @Test
    void versionsCompareNumberByNumber() {
        assertArrayEquals(new int[] {12, 8, 93}, LibrarySearch.parseVersion(".12.8.93"));
        assertArrayEquals(new int[0], LibrarySearch.parseVersion(""));
        assertTrue(LibrarySearch.compareVersions(new int[] {13}, new int[] {12, 9}) > 0);
        assertTrue(LibrarySearch.compareVersions(new int[] {12, 10}, new int[] {12, 9}) > 0);
        assertTrue(LibrarySearch.compareVersions(new int[] {12}, new int[] {12, 0}) < 0);
        assertTrue(LibrarySearch.compareVersions(new int[0], new int[] {1}) < 0);
    }

    @Test
    void theMessageNamesTheFilesTheFoldersAndTheUnsetVariables(@TempDir Path root) throws IOException {
        Path cuda = Files.createDirectories(root.resolve("usr/local/cuda/lib64"));
        LibrarySearch.Environment e = env(root, Map.of("CUDA_HOME", "/nowhere"), List.of());
        List<Path> dirs = LibrarySearch.directories(e);

        assertEquals("NVRTC not found (no libnvrtc.so or libnvrtc.so.<version>)", LibrarySearch.notFound("nvrtc", "NVRTC"));
        String searched = LibrarySearch.searched(dirs, e);
        assertTrue(searched.startsWith("searched [" + cuda + "]"), searched);
        assertTrue(searched.contains("(unset: ARBOR_CUDA_LIBRARY_PATH, LD_LIBRARY_PATH, CUDA_PATH)"), searched);
        assertTrue(searched.endsWith("-Darbor.cuda.libraryPath=DIR"), searched);
    }

    @Test
    void onThisMachineTheStockToolkitIsSearched() {
        Path lib64 = Path.of("/usr/local/cuda/lib64");
        assumeTrue(Files.isDirectory(lib64), "no CUDA toolkit at /usr/local/cuda on this machine");
        List<Path> dirs = LibrarySearch.directories(LibrarySearch.Environment.current());
        assertTrue(dirs.contains(lib64), dirs.toString());
        if (LibrarySearch.find("nvrtc", dirs).isEmpty()) {
            String reason = CudaLibraries.load(LibrarySearch.Environment.current()).unavailableReason();
            assertTrue(reason.contains("NVRTC not found") && reason.contains("searched [" + lib64), reason);
        }
    }
}
