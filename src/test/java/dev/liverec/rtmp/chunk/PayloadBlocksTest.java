package dev.liverec.rtmp.chunk;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PayloadBlocksTest {
    @Test
    void packsPayloadsExactlyAndFreesABlockWithItsLastPayload() {
        long before = PayloadBlocks.inUseBytes();
        PayloadBlocks blocks = new PayloadBlocks();
        ByteBuf a = blocks.allocate(8000);
        ByteBuf b = blocks.allocate(400);
        assertThat(a.capacity()).isEqualTo(8000);
        assertThat(a.maxCapacity()).as("never grows past its message").isEqualTo(8000);
        assertThat(a.writerIndex()).isZero();
        a.writeBytes(new byte[8000]);
        b.writeBytes(new byte[400]);
        assertThat(a.unwrap()).as("one block").isSameAs(b.unwrap());
        assertThat(a.memoryAddress() + 8000).as("one after the other").isEqualTo(b.memoryAddress());

        ByteBuf block = a.unwrap();
        blocks.startGop(); // the packer lets go: the payloads keep the block
        assertThat(block.refCnt()).isPositive();
        a.release();
        assertThat(block.refCnt()).isPositive();
        b.release();
        assertThat(block.refCnt()).as("freed with its last payload").isZero();
        assertThat(PayloadBlocks.inUseBytes() - before).as("back in the pool, not lost").isZero();
    }

    @Test
    void theTailOfTheOlderBlockTakesSmallPayloads() {
        PayloadBlocks blocks = new PayloadBlocks();
        List<ByteBuf> held = new ArrayList<>();
        held.add(blocks.allocate(PayloadBlocks.BLOCK_BYTES - 5000)); // leaves a 5000-byte tail
        held.add(blocks.allocate(8000)); // does not fit: a second block
        held.add(blocks.allocate(400)); // fits the first block's tail
        assertThat(held.get(1).unwrap()).isNotSameAs(held.get(0).unwrap());
        assertThat(held.get(2).unwrap()).isSameAs(held.get(0).unwrap());
        blocks.close();
        held.forEach(ByteBuf::release);
        assertThat(held.get(0).unwrap().refCnt()).isZero();
        assertThat(held.get(1).unwrap().refCnt()).isZero();
    }

    @Test
    void aKeyframeStartsNewBlocksSoTheOldGopFreesWhole() {
        PayloadBlocks blocks = new PayloadBlocks();
        ByteBuf oldGop = blocks.allocate(1000);
        blocks.startGop();
        ByteBuf newGop = blocks.allocate(1000);
        assertThat(newGop.unwrap()).isNotSameAs(oldGop.unwrap());
        oldGop.release();
        assertThat(oldGop.unwrap().refCnt()).as("nothing of the new GOP pins it").isZero();
        newGop.release();
        blocks.close();
        assertThat(newGop.unwrap().refCnt()).isZero();
    }
}
