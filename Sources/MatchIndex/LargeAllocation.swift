#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Memory for a segment's block. Large blocks are mapped on a 2 MiB boundary and, on
/// Linux, marked for transparent huge pages: a search touches thousands of random
/// places in hundreds of megabytes, and with 4 KiB pages nearly each would also miss
/// the TLB. Small blocks come from the ordinary allocator.
struct LargeAllocation {
    /// Blocks from this size up are mapped.
    static let mappingThreshold = 4 << 20
    static let hugePage = 2 << 20

    /// The usable start, 64-byte aligned (2 MiB aligned when mapped).
    let base: UnsafeMutableRawPointer
    private let mapping: UnsafeMutableRawPointer?
    private let mappedBytes: Int

    /// At least `byteCount` bytes of uninitialised memory.
    init(byteCount: Int) {
        let wanted = max(byteCount, 64)
        if wanted >= Self.mappingThreshold {
            let length = wanted + Self.hugePage
            let address = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
            if let address, address != MAP_FAILED {
                let aligned = (Int(bitPattern: address) + Self.hugePage - 1) & ~(Self.hugePage - 1)
                let start = UnsafeMutableRawPointer(bitPattern: aligned) ?? address
                #if os(Linux)
                _ = madvise(start, wanted, Int32(MADV_HUGEPAGE))
                #endif
                base = start
                mapping = address
                mappedBytes = length
                return
            }
        }
        base = UnsafeMutableRawPointer.allocate(byteCount: wanted, alignment: 64)
        mapping = nil
        mappedBytes = 0
    }

    /// Returns the memory to the system.
    func release() {
        if let mapping {
            munmap(mapping, mappedBytes)
        } else {
            base.deallocate()
        }
    }
}
