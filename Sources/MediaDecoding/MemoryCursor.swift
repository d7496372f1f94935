/// Bytes a C library reads through callbacks (giflib, libtiff), and how far it has read.
/// Reads never go past the end: they return fewer bytes instead.
struct MemoryCursor {
    let base: UnsafePointer<UInt8>
    let count: Int
    var offset: Int

    init(base: UnsafePointer<UInt8>, count: Int, offset: Int = 0) {
        self.base = base
        self.count = count
        self.offset = offset
    }

    /// Copies up to `wanted` bytes to `out`; returns how many were copied.
    mutating func read(into out: UnsafeMutablePointer<UInt8>, count wanted: Int) -> Int {
        let copied = min(max(wanted, 0), count - offset)
        guard copied > 0 else { return 0 }
        out.update(from: base + offset, count: copied)
        offset += copied
        return copied
    }

    /// Moves to `target` if it lies within the data (or just past its end); returns success.
    mutating func seek(to target: Int) -> Bool {
        guard target >= 0, target <= count else { return false }
        offset = target
        return true
    }
}
