package dev.liverec.storage;

import dev.liverec.stream.StreamKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalStoreTest {
    @TempDir
    Path tmp;

    @Test
    void putIsAtomicCopyAndLeavesTheSource() throws IOException {
        LocalStore store = new LocalStore(tmp.resolve("root"), 0);
        Path src = Files.writeString(tmp.resolve("src.flv"), "hello");
        store.put("1/a/b/c/f0123456789ab/x.flv", src);
        assertThat(src).exists();
        assertThat(store.localPath("1/a/b/c/f0123456789ab/x.flv")).get().satisfies(p -> assertThat(p).hasContent("hello"));
        try (var files = Files.list(tmp.resolve("root/1/a/b/c/f0123456789ab"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("x.flv"); // no temp file left
        }
        try (var in = store.open("1/a/b/c/f0123456789ab/x.flv", 1, 3)) {
            assertThat(new String(in.readAllBytes())).isEqualTo("ell");
        }
        store.delete("1/a/b/c/f0123456789ab/x.flv");
        assertThat(tmp.resolve("root/1")).doesNotExist(); // empty directories pruned
        assertThat(tmp.resolve("root")).exists();
    }

    @Test
    void refusesKeysThatEscapeTheRoot() throws IOException {
        LocalStore store = new LocalStore(tmp.resolve("root"), 0);
        Path src = Files.writeString(tmp.resolve("src"), "x");
        for (String key : new String[]{"../evil", "a/../../evil", "/etc/passwd", "a//b", "a/./b", "", "a\\..\\b", "a/..",
                "a/\0b"}) {
            assertThatThrownBy(() -> store.put(key, src)).as(key).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(tmp.resolve("evil")).doesNotExist();
    }

    @Test
    void escapesClientProvidedComponents() {
        assertThat(ObjectKeyLayout.escape("..")).isEqualTo("%2E.");
        assertThat(ObjectKeyLayout.escape(".")).isEqualTo("%2E");
        assertThat(ObjectKeyLayout.escape("a/b")).isEqualTo("a%2Fb");
        assertThat(ObjectKeyLayout.escape("")).isEqualTo("%00");
        assertThat(ObjectKeyLayout.escape("流")).isEqualTo("%E6%B5%81");
        assertThat(ObjectKeyLayout.escape("x".repeat(500))).hasSizeLessThanOrEqualTo(120);
        assertThat(ObjectKeyLayout.escape("x".repeat(500))).isNotEqualTo(ObjectKeyLayout.escape("x".repeat(501)));
        String prefix = ObjectKeyLayout.prefix(7, new StreamKey("d.com", "..", "../../etc"), "f0123456789abcdef");
        assertThat(prefix).isEqualTo("7/d.com/%2E./%2E.%2F..%2Fetc/f0123456789abcdef/");
        for (String part : prefix.split("/")) assertThat(part).isNotIn("", ".", "..");
        assertThat(ObjectKeyLayout.safeStem("../a b/c")).isEqualTo("_._a_b_c");
        assertThat(ObjectKeyLayout.isSafeEntry("seg-001.ts")).isTrue();
        assertThat(ObjectKeyLayout.isSafeEntry("../x.ts")).isFalse();
        assertThat(ObjectKeyLayout.isSafeEntry(".hidden")).isFalse();
        assertThat(ObjectKeyLayout.isSafeEntry("a..ts")).isFalse();
    }

    @Test
    void usableOnlyWithFreeSpace() throws IOException {
        assertThat(new LocalStore(tmp.resolve("ok"), 0).usable()).isTrue();
        LocalStore full = new LocalStore(tmp.resolve("full"), Long.MAX_VALUE);
        assertThat(full.usable()).isFalse();
        assertThat(full.problem()).contains("free");
    }
}
