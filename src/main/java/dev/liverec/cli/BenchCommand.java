package dev.liverec.cli;

import picocli.CommandLine.Command;

/** {@code liverec bench}: load tools. */
@Command(name = "bench", description = "Load generators for side-by-side benchmarks.",
        subcommands = {BenchPublishCommand.class}, mixinStandardHelpOptions = true)
public final class BenchCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }
}
