package dev.arbor.cuda;

import java.lang.foreign.MemorySegment;

/**
 * Copies between host memory of any kind (heap arrays, mapped files, off-heap segments) and the
 * device through two page-locked buffers, so that the DMA engine copies one chunk while the CPU fills
 * or drains the other. Uploads return once the data is in a pinned buffer (the copy to the device
 * completes in stream order); downloads return with the data in place.
 */
final class HostStaging {
    /** Bytes per pinned buffer. */
    static final long CHUNK = 8L << 20;

    private final CudaDevice device;
    private final MemorySegment[] buffers = new MemorySegment[2];
    private final MemorySegment[] events = new MemorySegment[2];
    private final boolean[] pending = new boolean[2];

    HostStaging(CudaDevice device) {
        this.device = device;
    }

    private void ready(int b) {
        if (buffers[b] == null) {
            buffers[b] = device.driver().memAllocHost(CHUNK);
            events[b] = device.driver().eventCreate();
        }
        if (pending[b]) {
            device.driver().eventSynchronize(events[b]);
            pending[b] = false;
        }
    }

    /** Host {@code src} to the device address {@code dst}. */
    synchronized void toDevice(MemorySegment src, long dst, long bytes) {
        device.activate();
        Driver d = device.driver();
        for (long off = 0, i = 0; off < bytes; off += CHUNK, i++) {
            int b = (int) (i % 2);
            long n = Math.min(CHUNK, bytes - off);
            ready(b);
            MemorySegment.copy(src, off, buffers[b], 0, n);
            d.memcpyHtoDAsync(dst + off, buffers[b], n, device.stream());
            d.eventRecord(events[b], device.stream());
            pending[b] = true;
        }
    }

    /** The device address {@code src} to host {@code dst}, after all queued work. */
    synchronized void toHost(long src, MemorySegment dst, long bytes) {
        device.activate();
        Driver d = device.driver();
        int prev = -1;
        long prevOff = 0;
        long prevLen = 0;
        for (long off = 0, i = 0; off < bytes; off += CHUNK, i++) {
            int b = (int) (i % 2);
            long n = Math.min(CHUNK, bytes - off);
            ready(b);
            d.memcpyDtoHAsync(buffers[b], src + off, n, device.stream());
            d.eventRecord(events[b], device.stream());
            pending[b] = true;
            if (prev >= 0) {
                drain(prev, dst, prevOff, prevLen);
            }
            prev = b;
            prevOff = off;
            prevLen = n;
        }
        if (prev >= 0) {
            drain(prev, dst, prevOff, prevLen);
        }
    }

    private void drain(int b, MemorySegment dst, long off, long n) {
        device.driver().eventSynchronize(events[b]);
        pending[b] = false;
        MemorySegment.copy(buffers[b], 0, dst, off, n);
    }
}
