package dev.liverec.memory;

import dev.liverec.config.LiverecConfig;

import java.nio.file.Path;

/**
 * Prints the JVM options of {@code serve} for the launcher script: the heap and direct-memory limits derived from
 * the memory budget, read as {@code serve} reads it (flag {@code --memory-budget}, env, {@code --config} file,
 * default from the machine). Run in a small JVM of its own before the server's starts, so both agree.
 */
public final class LaunchOptions {
    private LaunchOptions() {}

    /**
     * Every 10 s the JVM returns the free pages of the C heap to the system ({@code malloc_trim}), so a burst of
     * native allocations does not stay in RSS; only where the JVM has the option (JDK 17.0.9+, 21.0.1+), which this
     * JVM, the same binary as the server's, tells.
     */
    static String nativeHeapTrim() {
        try {
            var hotspot = java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            hotspot.getVMOption("TrimNativeHeapInterval");
            return " -XX:TrimNativeHeapInterval=10000";
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    public static void main(String[] args) throws Exception {
        String flag = null;
        Path config = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--memory-budget=")) flag = a.substring(a.indexOf('=') + 1);
            else if (a.equals("--memory-budget") && i + 1 < args.length) flag = args[++i];
            else if (a.startsWith("--config=")) config = Path.of(a.substring(a.indexOf('=') + 1));
            else if (a.equals("--config") && i + 1 < args.length) config = Path.of(args[++i]);
        }
        String configured = flag != null ? flag : LiverecConfig.load(config, System.getenv()).memory.budget;
        try {
            System.out.println(MemoryBudget.resolve(configured).jvmOptions() + nativeHeapTrim());
        } catch (IllegalArgumentException e) {
            System.err.println("liverec: " + e.getMessage());
            System.exit(2);
        }
    }
}
