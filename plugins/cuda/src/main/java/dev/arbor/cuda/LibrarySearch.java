package dev.arbor.cuda;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the CUDA libraries (NVRTC, cuBLAS, and the driver when the dynamic linker does not) without
 * knowing their version: every folder a stock CUDA install, a distribution package, a conda
 * environment or a Python wheel ({@code site-packages/nvidia/*}{@code /lib}, {@code torch/lib}) puts
 * them in, in a fixed order, and in each folder the file with the highest version
 * ({@code libnvrtc.so.13} before {@code libnvrtc.so.12} before {@code libnvrtc.so}).
 *
 * <p>The order: the {@code arbor.cuda.libraryPath} system property and {@code ARBOR_CUDA_LIBRARY_PATH}
 * (folders separated by {@code :}), {@code LD_LIBRARY_PATH}, {@code CUDA_HOME}, {@code CUDA_PATH} and
 * {@code CUDA_ROOT}, {@code /usr/local/cuda} then {@code /usr/local/cuda-*} (newest first), the
 * system library folders, then Python environments ({@code VIRTUAL_ENV}, {@code CONDA_PREFIX},
 * {@code PYTHONPATH}, {@code ~/.local}, {@code /usr/local}, {@code /usr}, {@code /opt/conda}).
 */
final class LibrarySearch {
    /** Matches {@code libNAME.so}, {@code libNAME.so.12.8.93} and a wheel's {@code libNAME-1a2b3c4d.so.12}. */
    private static final String VERSIONED = "(?:-[0-9a-f]{8})?\\.so((?:\\.\\d+)*)";
    private static final Pattern PYTHON_DIR = Pattern.compile("python3(?:\\.(\\d+))?t?");
    private static final Pattern CUDA_DIR = Pattern.compile("cuda-(\\d+)(?:\\.(\\d+))?");

    /**
     * What the search reads from the machine: environment variables, the folders named by the
     * {@code arbor.cuda.libraryPath} property, the file-system root the standard folders hang from
     * (a test's temporary folder), the user's home folder and the CPU architecture.
     */
    record Environment(Map<String, String> env, List<Path> configured, Path root, Path home, String arch) {
        Environment {
            env = Map.copyOf(env);
            configured = List.copyOf(configured);
        }

        /** This JVM's environment. */
        static Environment current() {
            String property = System.getProperty("arbor.cuda.libraryPath", "");
            List<Path> configured = new ArrayList<>();
            for (String p : property.split(":")) {
                if (!p.isBlank()) {
                    configured.add(Path.of(p));
                }
            }
            return new Environment(System.getenv(), configured, Path.of("/"), Path.of(System.getProperty("user.home")),
                    System.getProperty("os.arch"));
        }

        String get(String name) {
            String v = env.get(name);
            return v == null || v.isBlank() ? null : v;
        }

        /** An absolute standard path under this environment's root. */
        Path standard(String absolute) {
            return root.resolve(absolute.substring(1));
        }
    }

    /** A library file found, with the version numbers of its name (empty for a plain {@code .so}). */
    record Candidate(Path path, int[] version) {
        /** The first version number, or -1 for an unversioned name. */
        int major() {
            return version.length == 0 ? -1 : version[0];
        }

        @Override
        public String toString() {
            return path.toString();
        }
    }

    /**
     * The folders searched, in order, each once; only folders that exist.
     */
    static List<Path> directories(Environment e) {
        Set<Path> dirs = new LinkedHashSet<>();
        dirs.addAll(e.configured());
        split(e.get("ARBOR_CUDA_LIBRARY_PATH"), dirs);
        split(e.get("LD_LIBRARY_PATH"), dirs);
        String target = targetDir(e.arch());
        for (String var : List.of("CUDA_HOME", "CUDA_PATH", "CUDA_ROOT")) {
            String home = e.get(var);
            if (home != null) {
                addToolkit(Path.of(home), target, dirs);
            }
        }
        addToolkit(e.standard("/usr/local/cuda"), target, dirs);
        for (Path toolkit : versionedToolkits(e.standard("/usr/local"))) {
            addToolkit(toolkit, target, dirs);
        }
        String triplet = multiarchTriplet(e.arch());
        for (String sys : List.of("/usr/lib/" + triplet, "/usr/lib64", "/usr/lib", "/usr/local/lib", "/usr/lib/wsl/lib",
                "/usr/local/nvidia/lib64", "/usr/lib/" + triplet + "/nvidia/current")) {
            dirs.add(e.standard(sys));
        }
        for (Path site : sitePackages(e)) {
            addWheels(site, dirs);
        }
        String conda = e.get("CONDA_PREFIX");
        if (conda != null) {
            dirs.add(Path.of(conda, "lib"));
        }
        dirs.add(e.standard("/opt/conda/lib"));
        List<Path> existing = new ArrayList<>();
        for (Path d : dirs) {
            if (Files.isDirectory(d)) {
                existing.add(d.normalize());
            }
        }
        return List.copyOf(new LinkedHashSet<>(existing));
    }

    /**
     * Every file of library {@code name} (such as {@code nvrtc}) in {@code dirs}: folder by folder in
     * order, and within a folder highest version first. The same file reached twice is listed once.
     */
    static List<Candidate> find(String name, List<Path> dirs) {
        Pattern pattern = Pattern.compile("lib" + Pattern.quote(name) + VERSIONED);
        List<Candidate> out = new ArrayList<>();
        Set<Path> seen = new LinkedHashSet<>();
        for (Path dir : dirs) {
            List<Candidate> here = new ArrayList<>();
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                for (Path f : files) {
                    Matcher m = pattern.matcher(f.getFileName().toString());
                    if (m.matches() && Files.isRegularFile(f)) {
                        here.add(new Candidate(f, parseVersion(m.group(1))));
                    }
                }
            } catch (IOException | SecurityException ignored) {
                // an unreadable folder holds nothing we can load
            }
            here.sort(Comparator.comparing(Candidate::version, LibrarySearch::compareVersions).reversed()
                    .thenComparing(c -> c.path().getFileName().toString()));
            for (Candidate c : here) {
                if (seen.add(realPath(c.path()))) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    /** A library no folder holds: its names, for the message. */
    static String notFound(String name, String what) {
        return what + " not found (no lib" + name + ".so or lib" + name + ".so.<version>)";
    }

    /** What was searched: every folder in order, the variables that were unset, and how to point Arbor at a folder. */
    static String searched(List<Path> dirs, Environment e) {
        StringBuilder sb = new StringBuilder("searched ");
        sb.append(dirs.isEmpty() ? "no folder (none of the usual ones exists)" : dirs.toString());
        List<String> unset = new ArrayList<>();
        for (String var : List.of("ARBOR_CUDA_LIBRARY_PATH", "LD_LIBRARY_PATH", "CUDA_HOME", "CUDA_PATH")) {
            if (e.get(var) == null) {
                unset.add(var);
            }
        }
        if (!unset.isEmpty()) {
            sb.append(" (unset: ").append(String.join(", ", unset)).append(')');
        }
        return sb.append("; install the NVIDIA driver and the CUDA toolkit (or the nvidia-cuda-nvrtc and nvidia-cublas "
                + "Python wheels), or name the folder with -Darbor.cuda.libraryPath=DIR").toString();
    }

    private static void split(String pathList, Set<Path> into) {
        if (pathList == null) {
            return;
        }
        for (String p : pathList.split(":")) {
            if (!p.isBlank()) {
                into.add(Path.of(p));
            }
        }
    }

    private static void addToolkit(Path home, String target, Set<Path> into) {
        into.add(home.resolve("lib64"));
        into.add(home.resolve("lib"));
        into.add(home.resolve("targets").resolve(target).resolve("lib"));
    }

    /** {@code /usr/local/cuda-13.0}, {@code /usr/local/cuda-12.8}, ... newest first. */
    private static List<Path> versionedToolkits(Path usrLocal) {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(usrLocal)) {
            s.filter(p -> CUDA_DIR.matcher(p.getFileName().toString()).matches()).forEach(out::add);
        } catch (IOException | SecurityException ignored) {
            return out;
        }
        out.sort(Comparator.comparing((Path p) -> {
            Matcher m = CUDA_DIR.matcher(p.getFileName().toString());
            m.matches();
            return new int[] {Integer.parseInt(m.group(1)), m.group(2) == null ? 0 : Integer.parseInt(m.group(2))};
        }, LibrarySearch::compareVersions).reversed());
        return out;
    }

    /** site-packages and dist-packages folders of the Python environments this machine may have. */
    static List<Path> sitePackages(Environment e) {
        Set<Path> prefixes = new LinkedHashSet<>();
        for (String var : List.of("VIRTUAL_ENV", "CONDA_PREFIX")) {
            String v = e.get(var);
            if (v != null) {
                prefixes.add(Path.of(v));
            }
        }
        Set<Path> sites = new LinkedHashSet<>();
        split(e.get("PYTHONPATH"), sites);
        prefixes.add(e.home().resolve(".local"));
        prefixes.add(e.standard("/usr/local"));
        prefixes.add(e.standard("/usr"));
        prefixes.add(e.standard("/opt/conda"));
        for (Path prefix : prefixes) {
            for (Path lib : pythonLibDirs(prefix.resolve("lib"))) {
                sites.add(lib.resolve("site-packages"));
                sites.add(lib.resolve("dist-packages"));
            }
        }
        sites.add(e.standard("/usr/lib/python3/dist-packages"));
        return sites.stream().filter(Files::isDirectory).toList();
    }

    /** {@code lib/python3.12}, {@code lib/python3.11}, ... newest first. */
    private static List<Path> pythonLibDirs(Path lib) {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(lib)) {
            s.filter(p -> PYTHON_DIR.matcher(p.getFileName().toString()).matches()).forEach(out::add);
        } catch (IOException | SecurityException ignored) {
            return out;
        }
        out.sort(Comparator.comparing((Path p) -> {
            Matcher m = PYTHON_DIR.matcher(p.getFileName().toString());
            m.matches();
            return m.group(1) == null ? -1 : Integer.parseInt(m.group(1));
        }).reversed());
        return out;
    }

    /** The wheel layouts: {@code nvidia/cuda_nvrtc/lib}, {@code nvidia/cublas/lib}, {@code nvidia/cu13/lib}, {@code torch/lib}. */
    private static void addWheels(Path site, Set<Path> into) {
        Path nvidia = site.resolve("nvidia");
        List<Path> libs = new ArrayList<>();
        try (Stream<Path> s = Files.list(nvidia)) {
            s.map(p -> p.resolve("lib")).filter(Files::isDirectory).forEach(libs::add);
        } catch (IOException | SecurityException ignored) {
            // no nvidia wheels here
        }
        libs.sort(Comparator.comparing(Path::toString));
        into.addAll(libs);
        into.add(site.resolve("torch").resolve("lib"));
    }

    private static String targetDir(String arch) {
        return isArm(arch) ? "sbsa-linux" : "x86_64-linux";
    }

    private static String multiarchTriplet(String arch) {
        return isArm(arch) ? "aarch64-linux-gnu" : "x86_64-linux-gnu";
    }

    private static boolean isArm(String arch) {
        return arch != null && (arch.equals("aarch64") || arch.equals("arm64"));
    }

    static int[] parseVersion(String dotted) {
        if (dotted == null || dotted.isEmpty()) {
            return new int[0];
        }
        return Arrays.stream(dotted.substring(1).split("\\.")).mapToInt(s -> {
            try {
                return Integer.parseInt(s);
            } catch (NumberFormatException e) {
                return Integer.MAX_VALUE;
            }
        }).toArray();
    }

    /** Orders versions number by number; a longer version after its prefix, an empty one first. */
    static int compareVersions(int[] a, int[] b) {
        return Arrays.compare(a, b);
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }
}
