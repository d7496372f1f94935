import Crypto

/// The hash algorithms C2PA names in claims, hashed URIs and hash assertions.
enum C2PAHashAlgorithm: String, Sendable {
    case sha256, sha384, sha512

    /// The algorithm for a C2PA name (`sha256`, `sha384`, `sha512`), or `nil`.
    init?(name: String) {
        self.init(rawValue: name.lowercased())
    }

    /// The digest of the concatenation of `chunks`.
    func digest<Chunks: Sequence>(ofChunks chunks: Chunks) -> [UInt8] where Chunks.Element == ArraySlice<UInt8> {
        switch self {
        case .sha256: return Self.run(SHA256(), chunks)
        case .sha384: return Self.run(SHA384(), chunks)
        case .sha512: return Self.run(SHA512(), chunks)
        }
    }

    /// The digest of `bytes`.
    func digest(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        digest(ofChunks: CollectionOfOne(bytes))
    }

    private static func run<H: HashFunction, Chunks: Sequence>(_ start: H, _ chunks: Chunks) -> [UInt8] where Chunks.Element == ArraySlice<UInt8> {
        var hasher = start
        for chunk in chunks { hasher.update(data: chunk) }
        return Array(hasher.finalize())
    }
}
