import CAllocator

/// glibc's allocator hands every block over 128 KiB back to the kernel when it is freed,
/// so hashing a batch of photos page-faults a fresh decode buffer for each (a fifth of the
/// CPU time of `bulwark hash` went to the kernel zeroing pages). Keeping blocks up to
/// ``mmapThreshold`` in the heap, and up to ``trimThreshold`` of freed memory, lets each
/// worker reuse its buffers. Memory stays bounded by these two figures.
enum MemoryTuning {
    /// Blocks smaller than this come from the heap: glibc's largest allowed value on 64-bit
    /// systems (a 10-megapixel RGB image is 30 MB).
    static let mmapThreshold: Int32 = 32 << 20
    /// Freed heap memory kept before it is returned to the kernel.
    static let trimThreshold: Int32 = 256 << 20

    /// Applies the settings; a no-op where glibc is not the allocator.
    static func apply() {
        _ = bw_tune_allocator(mmapThreshold, trimThreshold)
    }
}
