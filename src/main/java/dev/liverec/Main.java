package dev.liverec;

import dev.liverec.cli.AccountCommand;
import dev.liverec.cli.BenchCommand;
import dev.liverec.cli.CallCommand;
import dev.liverec.cli.CredentialCommand;
import dev.liverec.cli.ServeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code liverec} command line: {@code serve} runs a node; the other subcommands are tools around it. */
@Command(name = "liverec", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Self-hosted live-stream recorder with a Tencent Cloud Live compatible record-task API.",
        subcommands = {ServeCommand.class, CredentialCommand.class, AccountCommand.class, CallCommand.class,
                BenchCommand.class})
public final class Main implements Runnable {
    public static void main(String[] args) {
        int rc = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
        if (rc != 0 || !isServe(args)) System.exit(rc);
    }

    private static boolean isServe(String[] args) {
        return args.length > 0 && args[0].equals("serve");
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"liverec " + (v == null ? "dev" : v)};
        }
    }
}
