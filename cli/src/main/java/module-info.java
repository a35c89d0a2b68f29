/**
 * Arbor's command line ({@code ./arbor inspect|run|convert|bench|demo}), written with picocli and
 * packaged with the engine and every plugin as {@code cli/target/arbor-cli.jar}.
 */
module dev.arbor.cli {
    requires dev.arbor.engine;
    requires dev.arbor.onnx;
    requires info.picocli;
    requires java.desktop;

    exports dev.arbor.cli;
    exports dev.arbor.cli.demo;

    opens dev.arbor.cli to info.picocli;
}
