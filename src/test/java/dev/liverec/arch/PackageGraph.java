package dev.liverec.arch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The package dependency graph of a source tree, read from the sources: every {@code dev.liverec.<pkg>.<Class>}
 * named in a file (imports and fully qualified names) is an edge from the file's package. JDK-only so that
 * {@code scripts/package-graph.sh} can run it as a single source file without a build.
 */
public final class PackageGraph {
    private static final String BASE = "dev.liverec";
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");
    /** A reference to a class: lower-case package segments followed by a capitalised name. */
    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.liverec((?:\\.[a-z][a-z0-9_]*)*)\\.[A-Z*]");

    private final Map<String, Set<String>> edges;

    private PackageGraph(Map<String, Set<String>> edges) {
        this.edges = edges;
    }

    public static PackageGraph of(Path sourceRoot) {
        Map<String, Set<String>> edges = new TreeMap<>();
        try (Stream<Path> files = Files.walk(sourceRoot)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = Files.readString(file);
                Matcher pkg = PACKAGE.matcher(text);
                if (!pkg.find()) {
                    continue;
                }
                String from = pkg.group(1);
                Set<String> targets = edges.computeIfAbsent(from, k -> new TreeSet<>());
                Matcher ref = REFERENCE.matcher(text.substring(pkg.end()));
                while (ref.find()) {
                    String to = BASE + ref.group(1);
                    if (!to.equals(from)) {
                        targets.add(to);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PackageGraph(edges);
    }

    public Map<String, Set<String>> edges() {
        return edges;
    }

    /** Strongly connected components with more than one package (Tarjan), each sorted. */
    public List<Set<String>> cycles() {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> cycles = new ArrayList<>();
        for (String node : edges.keySet()) {
            if (!index.containsKey(node)) {
                connect(node, index, low, stack, onStack, cycles);
            }
        }
        return cycles;
    }

    private void connect(String node, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
                         Set<String> onStack, List<Set<String>> cycles) {
        index.put(node, index.size());
        low.put(node, index.get(node));
        stack.push(node);
        onStack.add(node);
        for (String next : edges.getOrDefault(node, Set.of())) {
            if (!index.containsKey(next)) {
                connect(next, index, low, stack, onStack, cycles);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            Set<String> component = new TreeSet<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                component.add(member);
            } while (!member.equals(node));
            if (component.size() > 1) {
                cycles.add(component);
            }
        }
    }

    /** One line per package: {@code pkg -> a, b, c}, with the base prefix dropped. */
    public String render() {
        StringBuilder out = new StringBuilder();
        edges.forEach((from, to) -> out.append(shortName(from)).append(" -> ")
                .append(String.join(", ", to.stream().map(PackageGraph::shortName).toList())).append('\n'));
        List<Set<String>> cycles = cycles();
        if (cycles.isEmpty()) {
            out.append("no package cycle\n");
        }
        for (Set<String> cycle : cycles) {
            out.append("cycle through ").append(cycle.size()).append(" packages: ")
                    .append(String.join(", ", cycle.stream().map(PackageGraph::shortName).toList())).append('\n');
        }
        return out.toString();
    }

    static String shortName(String pkg) {
        return pkg.equals(BASE) ? "(root)" : pkg.substring(BASE.length() + 1);
    }

    public static void main(String[] args) {
        System.out.print(of(Path.of(args.length > 0 ? args[0] : "src/main/java")).render());
    }
}
