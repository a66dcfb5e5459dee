package dev.ferry.server.data;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A small pool of direct buffers for uploads: a socket read into a direct buffer needs no hidden copy,
 * and reusing them avoids allocating native memory per transfer. Holds at most as many buffers as
 * transfers ran at once, bounded by {@link #MAX_POOLED}.
 */
final class DirectBuffers {

    private static final int MAX_POOLED = 64;
    private static final ConcurrentLinkedQueue<ByteBuffer> POOL = new ConcurrentLinkedQueue<>();

    private DirectBuffers() {
    }

    static ByteBuffer take(int size) {
        ByteBuffer buffer = POOL.poll();
        return buffer != null && buffer.capacity() == size ? buffer.clear() : ByteBuffer.allocateDirect(size);
    }

    static void give(ByteBuffer buffer) {
        if (POOL.size() < MAX_POOLED) {
            POOL.offer(buffer);
        }
    }
}
