package dev.liverec;

import dev.liverec.cli.AccountCommand;
import dev.liverec.cli.BenchCommand;
import dev.liverec.cli.CallCommand;
import dev.liverec.cli.CommandLineSetup;
import dev.liverec.cli.CredentialCommand;
import dev.liverec.cli.ServeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code liverec} command line: {@code serve} runs a node; the other subcommands are tools around it. */
@Command(name = "liverec", versionProvider = Main.Version.class,
        description = "Self-hosted live-stream recorder with a Tencent Cloud Live compatible record-task API.",
        footer = "%nRun 'liverec help COMMAND' or 'liverec COMMAND --help' for a command's options.",
        subcommands = {ServeCommand.class, CredentialCommand.class, AccountCommand.class, CallCommand.class,
                BenchCommand.class})
public final class Main implements Runnable {
    @Spec CommandSpec spec;

    public static void main(String[] args) {
        int rc = commandLine().execute(args);
        if (rc != 0 || !isServe(args)) System.exit(rc);
    }

    /** The configured command line: help on every command, one-line errors, no ANSI escapes. */
    public static CommandLine commandLine() {
        return CommandLineSetup.configure(new CommandLine(new Main()));
    }

    private static boolean isServe(String[] args) {
        return args.length > 0 && args[0].equals("serve");
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"liverec " + (v == null ? "dev" : v)};
        }
    }
}
