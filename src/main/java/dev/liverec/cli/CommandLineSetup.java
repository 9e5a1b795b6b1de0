package dev.liverec.cli;

import picocli.CommandLine;
import picocli.CommandLine.Help;

/**
 * What every {@code liverec} command gets, set once on the whole tree so a new subcommand cannot miss it:
 * {@code -h/--help} (and {@code -V/--version}), a {@code help [COMMAND]} subcommand on every command that has
 * subcommands, errors as one line with a hint ({@link ErrorLine}), and plain text without ANSI escape codes
 * (output is read by scripts and pasted into tickets more often than it is admired in a terminal).
 */
public final class CommandLineSetup {
    private CommandLineSetup() {}

    public static CommandLine configure(CommandLine root) {
        addHelp(root);
        ErrorLine errors = new ErrorLine();
        root.setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(errors)
                .setExecutionExceptionHandler(errors)
                .setColorScheme(Help.defaultColorScheme(Help.Ansi.OFF));
        return root;
    }

    private static void addHelp(CommandLine cmd) {
        if (!cmd.getCommandSpec().mixinStandardHelpOptions()) cmd.getCommandSpec().mixinStandardHelpOptions(true);
        if (!cmd.getSubcommands().isEmpty() && !cmd.getSubcommands().containsKey("help")) {
            for (CommandLine sub : cmd.getSubcommands().values()) addHelp(sub);
            cmd.addSubcommand("help", new CommandLine.HelpCommand());
        }
    }
}
