package dev.liverec.memory;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MemoryBudgetTest {
    @Test
    void splitsNativeHeapAndDirect() {
        MemoryBudget b = MemoryBudget.of(384L << 20);
        assertThat(b.total() - b.heap() - b.direct()).as("native share").isEqualTo(128L << 20);
        assertThat(b.heap() + b.direct()).isEqualTo(256L << 20);
        assertThat(b.jvmOptions()).isEqualTo("-Xmx96m -Xms64m -XX:MaxDirectMemorySize=160m -XX:+UseSerialGC -Xmn24m -XX:SurvivorRatio=4");
        assertThat(b.ingest()).isEqualTo(b.direct() / 4);
        MemoryBudget eight = MemoryBudget.of(8L << 30);
        assertThat(eight.total() - eight.heap() - eight.direct()).isEqualTo(2L << 30);
        assertThat(eight.jvmOptions()).contains("-XX:+UseSerialGC -Xmn24m"); // a 3.3 GiB heap
        assertThat(MemoryBudget.of(16L << 30).jvmOptions()).doesNotContain("SerialGC").doesNotContain("-Xmn");
    }

    @Test
    void parsesSizes() {
        assertThat(MemoryBudget.parse("512m")).isEqualTo(512L << 20);
        assertThat(MemoryBudget.parse("1G")).isEqualTo(1L << 30);
        assertThat(MemoryBudget.parse("1.5g")).isEqualTo(3L << 29);
        assertThat(MemoryBudget.parse("300MiB")).isEqualTo(300L << 20);
        assertThat(MemoryBudget.parse("1048576")).isEqualTo(1L << 20);
        assertThatThrownBy(() -> MemoryBudget.parse("lots")).hasMessageContaining("not a memory size");
        assertThatThrownBy(() -> MemoryBudget.of(100L << 20)).hasMessageContaining("below the minimum");
    }

    @Test
    void defaultComesFromTheMachine() {
        assertThat(MemoryBudget.defaultTotal()).isGreaterThanOrEqualTo(MemoryBudget.MIN);
        assertThat(MemoryBudget.resolve(" ").total()).isEqualTo(MemoryBudget.defaultTotal());
    }
}
