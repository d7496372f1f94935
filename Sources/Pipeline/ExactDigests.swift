import BulwarkCore
import Crypto

/// MD5, SHA-1 and SHA-256 of a file's bytes: the exact signals hash lists are kept in.
public struct ExactDigests: Hashable, Sendable, Codable {
    public var md5: String
    public var sha1: String
    public var sha256: String

    /// Digests of `bytes` in one pass over memory.
    public init(of bytes: UnsafeRawBufferPointer) {
        var hasher = IncrementalDigests()
        hasher.update(bytes)
        self = hasher.finalize()
    }

    /// Digests of `bytes` whose MD5 (lowercase hex) is already known, e.g. from
    /// ``MultiBufferMD5``: only SHA-1 and SHA-256 are computed.
    public init(of bytes: UnsafeRawBufferPointer, md5: String) {
        var sha1 = Insecure.SHA1(), sha256 = SHA256()
        sha1.update(bufferPointer: bytes)
        sha256.update(bufferPointer: bytes)
        self.init(md5: md5, sha1: Hex.encode(sha1.finalize()), sha256: Hex.encode(sha256.finalize()))
    }

    public init(md5: String, sha1: String, sha256: String) {
        self.md5 = md5
        self.sha1 = sha1
        self.sha256 = sha256
    }

    /// The digests as BulwarkCore signals.
    public var signals: [Signal] {
        [Signal(type: .md5, value: md5), Signal(type: .sha1, value: sha1), Signal(type: .sha256, value: sha256)]
    }
}

/// Computes ``ExactDigests`` over data fed in pieces, for files streamed from disk.
public struct IncrementalDigests {
    private var md5 = Insecure.MD5()
    private var sha1 = Insecure.SHA1()
    private var sha256 = SHA256()

    public init() {}

    /// Feeds the next piece of the input.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        md5.update(bufferPointer: bytes)
        sha1.update(bufferPointer: bytes)
        sha256.update(bufferPointer: bytes)
    }

    /// The digests of everything fed so far.
    public func finalize() -> ExactDigests {
        ExactDigests(md5: Hex.encode(md5.finalize()),
                     sha1: Hex.encode(sha1.finalize()),
                     sha256: Hex.encode(sha256.finalize()))
    }
}
