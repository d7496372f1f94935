extension StringProtocol {
    /// Whether the string's UTF-8 bytes contain `needle`'s bytes: a plain byte search, much
    /// faster than `contains(_:)` (which compares by Unicode canonical equivalence) and exact
    /// for the ASCII tensor-name patterns it is used with.
    func containsASCII(_ needle: StaticString) -> Bool {
        needle.withUTF8Buffer { pattern in
            guard let first = pattern.first else { return true }
            if let found = self.utf8.withContiguousStorageIfAvailable({ Self.search($0, pattern, first) }) { return found }
            return Array(self.utf8).withUnsafeBufferPointer { Self.search($0, pattern, first) }
        }
    }

    private static func search(_ hay: UnsafeBufferPointer<UInt8>, _ pattern: UnsafeBufferPointer<UInt8>, _ first: UInt8) -> Bool {
        let n = hay.count, m = pattern.count
        guard m <= n else { return false }
        var i = 0
        while i <= n - m {
            if hay[i] == first {
                var j = 1
                while j < m && hay[i + j] == pattern[j] { j += 1 }
                if j == m { return true }
            }
            i += 1
        }
        return false
    }
}
