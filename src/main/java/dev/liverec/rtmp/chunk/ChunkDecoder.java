package dev.liverec.rtmp.chunk;

import dev.liverec.rtmp.limits.RtmpLimits;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reassembles RTMP chunks into {@link RawMessage}s (RTMP 1.0 section 5.3). Two states: HEADER waits until a whole
 * chunk header (basic + message header + extended timestamp) is buffered and consumes it at once; PAYLOAD copies
 * whatever part of the chunk body has arrived into the message being assembled. The cumulation therefore never
 * holds more than one header (at most 18 bytes) plus one read.
 *
 * <p>The peer's protocol control messages are decoded by the message layer above, which applies them here
 * ({@link #setChunkSize}, {@link #abort}, {@link #setWindowAckSize}; as gortmplib's message reader does): so that a
 * Set Chunk Size applies to the very next chunk, {@link #decode} returns after each complete message, which Netty
 * passes up before decoding on. When the peer's acknowledgement window is full, an {@link AcknowledgementDue} event
 * goes up for the message layer to answer. Limits: message length, number of chunk streams, total bytes held in
 * partial messages. A violation raises {@link ChunkException} and stops decoding.
 *
 * <p>Memory: messages of up to 32 KiB are packed into pooled blocks ({@link PayloadBlocks}); bigger ones get a buffer
 * of their own from an unpooled allocator, so a burst of big partial messages is returned to the
 * system when they are released (a pooling allocator keeps its chunks: after the issue-10 D1 attack ~1 GB stayed
 * held); their capacity is reserved in the node's {@link IngestMemoryBudget} before it is allocated, together with a
 * fixed share for the connection's own buffers. A refused reservation fails the connection.
 */
public final class ChunkDecoder extends ByteToMessageDecoder {
    private enum State { HEADER, PAYLOAD, FAILED }

    private static final int VIDEO_MESSAGE = 9;
    private static final int KEYFRAME = 1;

    /** Header state of one chunk stream (the fields type 1-3 headers inherit) and its message in progress. */
    private static final class ChunkStream {
        final int id;
        boolean hasHeader;
        long timestamp;
        long delta;
        int length;
        int typeId;
        int streamId;
        boolean extended;
        ByteBuf message; // non-null while a message is being assembled

        ChunkStream(int id) { this.id = id; }
    }

    private final int maxMessageBytes;
    private final int maxChunkStreams;
    private final long maxPendingBytes;
    private final Map<Integer, ChunkStream> streams = new HashMap<>();
    private State state = State.HEADER;
    private ChunkStream current;
    private int chunkRemaining;
    private int chunkSize = RtmpLimits.DEFAULT_CHUNK_SIZE;
    private long pendingBytes;
    private long bytesReceived;
    private long lastAcknowledged;
    private long windowAckSize;
    private final IngestMemoryBudget budget;
    private final int connectionBufferBytes;
    private final ByteBufAllocator alloc = UnpooledByteBufAllocator.DEFAULT;
    private IngestMemoryBudget.Holder holder;
    private final PayloadBlocks blocks = new PayloadBlocks();
    private final boolean blocksPerGop;

    /** A decoder bounded only by its own per-connection limits. */
    public ChunkDecoder(int maxMessageBytes, int maxChunkStreams) {
        this(maxMessageBytes, maxChunkStreams, new IngestMemoryBudget(Long.MAX_VALUE, 0, System::nanoTime), 0);
    }

    /**
     * @param budget                shared by every connection of the listener
     * @param connectionBufferBytes charged to the budget for the connection's read and cumulation buffers
     */
    public ChunkDecoder(int maxMessageBytes, int maxChunkStreams, IngestMemoryBudget budget, int connectionBufferBytes) {
        this(maxMessageBytes, maxChunkStreams, budget, connectionBufferBytes, true);
    }

    /**
     * @param blocksPerGop a video keyframe starts new payload blocks: for GOP caches that hold their payloads in
     *                     memory, so that a GOP's blocks are freed whole with it (with GOPs in files, payloads
     *                     are let go as soon as they are written, and the tails left at each keyframe are waste)
     */
    public ChunkDecoder(int maxMessageBytes, int maxChunkStreams, IngestMemoryBudget budget, int connectionBufferBytes,
                        boolean blocksPerGop) {
        this.blocksPerGop = blocksPerGop;
        this.maxMessageBytes = maxMessageBytes;
        this.maxChunkStreams = maxChunkStreams;
        this.maxPendingBytes = (long) RtmpLimits.PENDING_MESSAGES_FACTOR * maxMessageBytes;
        this.budget = budget;
        this.connectionBufferBytes = connectionBufferBytes;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        holder = budget.open(() -> ctx.channel().close());
        if (!holder.reserve(connectionBufferBytes)) {
            state = State.FAILED;
            ctx.channel().close();
        }
    }

    public int chunkSize() { return chunkSize; }

    /** The peer's Set Chunk Size: applies from the next chunk header on (message sizes stay capped). */
    public void setChunkSize(int size) {
        if (size < 1 || size > RtmpLimits.MAX_CHUNK_SIZE) fail("chunk size " + size);
        chunkSize = size;
    }

    /** The peer's Abort: drops the partial message of that chunk stream. */
    public void abort(int chunkStreamId) {
        ChunkStream cs = streams.get(chunkStreamId);
        if (cs != null) releaseMessage(cs);
    }

    /** The peer's Window Acknowledgement Size: bytes after which an {@link AcknowledgementDue} goes up. */
    public void setWindowAckSize(long size) {
        windowAckSize = size;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof ByteBuf b) bytesReceived += b.readableBytes();
        super.channelRead(ctx, msg);
        if (windowAckSize > 0 && bytesReceived - lastAcknowledged >= windowAckSize && ctx.channel().isActive()) {
            lastAcknowledged = bytesReceived;
            ctx.fireUserEventTriggered(new AcknowledgementDue(bytesReceived & 0xFFFFFFFFL));
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable() && out.isEmpty()) {
            switch (state) {
                case HEADER:
                    if (!readHeader(in, out)) return;
                    break;
                case PAYLOAD:
                    readPayload(in, out);
                    break;
                case FAILED:
                    in.skipBytes(in.readableBytes());
                    return;
            }
        }
    }

    /** Consumes one chunk header if it is complete; false when more bytes are needed. */
    private boolean readHeader(ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int available = in.readableBytes();
        int b0 = in.getUnsignedByte(start);
        int fmt = b0 >>> 6;
        int csid = b0 & 0x3F;
        int basicLength = 1;
        if (csid == 0) {
            if (available < 2) return false;
            csid = 64 + in.getUnsignedByte(start + 1);
            basicLength = 2;
        } else if (csid == 1) {
            if (available < 3) return false;
            csid = 64 + in.getUnsignedByte(start + 1) + (in.getUnsignedByte(start + 2) << 8);
            basicLength = 3;
        }
        int messageHeaderLength = fmt == 0 ? 11 : fmt == 1 ? 7 : fmt == 2 ? 3 : 0;
        if (available < basicLength + messageHeaderLength) return false;
        ChunkStream cs = streams.get(csid);
        if (cs == null) {
            if (fmt != 0) fail("chunk stream " + csid + " starts with a type " + fmt + " header");
            if (streams.size() >= maxChunkStreams) fail("more than " + maxChunkStreams + " chunk streams");
        }
        int p = start + basicLength;
        boolean extended;
        long tsField = 0;
        if (fmt < 3) {
            tsField = in.getUnsignedMedium(p);
            extended = tsField == 0xFFFFFF;
        } else {
            extended = cs.extended;
        }
        int headerLength = basicLength + messageHeaderLength + (extended ? 4 : 0);
        if (available < headerLength) return false;
        if (extended) tsField = in.getUnsignedInt(p + messageHeaderLength);

        if (cs == null) {
            cs = new ChunkStream(csid);
            streams.put(csid, cs);
        }
        if (fmt < 3 && cs.message != null) {
            // a new header in the middle of a message: the sender gave up on the old one (as after an Abort)
            releaseMessage(cs);
        }
        switch (fmt) {
            case 0 -> {
                cs.timestamp = tsField;
                cs.delta = tsField; // a following type-3 header repeats this as its delta, as librtmp/ffmpeg read it
                cs.length = in.getUnsignedMedium(p + 3);
                cs.typeId = in.getUnsignedByte(p + 6);
                cs.streamId = in.getIntLE(p + 7);
            }
            case 1 -> {
                cs.delta = tsField;
                cs.timestamp = (cs.timestamp + tsField) & 0xFFFFFFFFL;
                cs.length = in.getUnsignedMedium(p + 3);
                cs.typeId = in.getUnsignedByte(p + 6);
            }
            case 2 -> {
                cs.delta = tsField;
                cs.timestamp = (cs.timestamp + tsField) & 0xFFFFFFFFL;
            }
            default -> {
                if (cs.message == null) cs.timestamp = (cs.timestamp + cs.delta) & 0xFFFFFFFFL; // a new message with the previous header's fields
            }
        }
        if (fmt < 3) cs.extended = extended;
        cs.hasHeader = true;
        in.skipBytes(headerLength);

        if (cs.message == null) {
            if (cs.length > maxMessageBytes) fail("message of " + cs.length + " bytes exceeds the limit of " + maxMessageBytes);
            if (cs.length == 0) {
                holder.progressed();
                out.add(new RawMessage(cs.id, cs.typeId, cs.streamId, cs.timestamp, alloc.buffer(0, 0)));
                return true;
            }
        }
        current = cs;
        chunkRemaining = Math.min(chunkSize, cs.length - (cs.message == null ? 0 : cs.message.writerIndex()));
        state = State.PAYLOAD;
        return true;
    }

    private void readPayload(ByteBuf in, List<Object> out) {
        ChunkStream cs = current;
        if (cs.message == null) cs.message = newMessage(cs, in.getByte(in.readerIndex()));
        int n = Math.min(chunkRemaining, in.readableBytes());
        if (pendingBytes + n > maxPendingBytes) fail("more than " + maxPendingBytes + " bytes held in partial messages");
        ensureCapacity(cs.message, n);
        cs.message.writeBytes(in, n);
        pendingBytes += n;
        chunkRemaining -= n;
        if (chunkRemaining > 0) return;
        state = State.HEADER;
        current = null;
        if (cs.message.writerIndex() < cs.length) return;
        ByteBuf payload = cs.message;
        cs.message = null;
        pendingBytes -= payload.readableBytes();
        holder.release(payload.capacity());
        holder.progressed();
        out.add(new RawMessage(cs.id, cs.typeId, cs.streamId, cs.timestamp, payload));
    }

    /**
     * The buffer of a message, allocated when its first byte is there: a video keyframe (the frame type of FLV and
     * enhanced RTMP alike) starts new payload blocks before it is placed, so no block holds bytes of two GOPs.
     */
    private ByteBuf newMessage(ChunkStream cs, byte first) {
        if (blocksPerGop && cs.typeId == VIDEO_MESSAGE && ((first >> 4) & 7) == KEYFRAME) blocks.startGop();
        int initial = Math.min(cs.length, RtmpLimits.INITIAL_MESSAGE_CAPACITY);
        if (!holder.reserve(initial)) failBudget();
        return cs.length <= PayloadBlocks.MAX_PACKED ? blocks.allocate(cs.length) : alloc.buffer(initial, cs.length);
    }

    /** Grows the message buffer as Netty would, after reserving the growth in the budget. */
    private void ensureCapacity(ByteBuf message, int n) {
        int needed = message.writerIndex() + n;
        if (needed <= message.capacity()) return;
        int grown = alloc.calculateNewCapacity(needed, message.maxCapacity());
        if (!holder.reserve(grown - message.capacity())) failBudget();
        message.capacity(grown);
    }

    private void failBudget() {
        fail("the node's ingest memory budget is exhausted");
    }

    private void releaseMessage(ChunkStream cs) {
        if (cs.message != null) {
            pendingBytes -= cs.message.readableBytes();
            holder.release(cs.message.capacity());
            cs.message.release();
            cs.message = null;
        }
    }

    private void fail(String reason) {
        state = State.FAILED;
        throw new ChunkException(reason);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        for (ChunkStream cs : streams.values()) releaseMessage(cs);
        streams.clear();
        blocks.close();
        if (holder != null) holder.close();
    }
}
