import BulwarkCore
/// The set of normalized words of a text, hashed, used to tell whether one attempt rewords another.
public struct TextFingerprint: Sendable, Hashable, Codable {
    /// FNV-1a hashes of the distinct normalized words (at most ``maximumWords``).
    public private(set) var words: Set<UInt64>

    /// The most words kept; the rest of a long text is ignored.
    public static let maximumWords = 512

    public init(words: Set<UInt64>) { self.words = words }

    /// Hashes the words of a normalized text.
    public init(normalized: NormalizedText) {
        var words = Set<UInt64>()
        var hash: UInt64 = 0xcbf29ce484222325
        var length = 0
        func finish() {
            if length > 1 && words.count < Self.maximumWords { words.insert(hash) }
            hash = 0xcbf29ce484222325
            length = 0
        }
        for c in normalized.chars {
            if c == space { finish(); continue }
            hash = (hash ^ UInt64(c)) &* 0x100000001b3
            length += 1
        }
        finish()
        self.words = words
    }

    /// Jaccard similarity of the two word sets (0 when both are empty).
    public func similarity(to other: TextFingerprint) -> Double {
        if words.isEmpty && other.words.isEmpty { return 0 }
        let shared = words.intersection(other.words).count
        return Double(shared) / Double(words.count + other.words.count - shared)
    }
}
