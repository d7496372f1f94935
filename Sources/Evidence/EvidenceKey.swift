#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BulwarkCore
import Crypto

/// The 256-bit AES-GCM key evidence is encrypted with, and a short public fingerprint of it.
public struct EvidenceKey: Sendable {
    private let bytes: [UInt8]
    /// Fingerprint stored with each item: the first 8 bytes of
    /// SHA-256("bulwark-evidence-key" || key), in hex. Tells a wrong key from a damaged file.
    public let id: String

    /// A key from exactly 32 bytes.
    public init(bytes: [UInt8]) throws(EvidenceError) {
        guard bytes.count == 32 else { throw .badKey(path: "(injected)", reason: "must be 32 bytes, got \(bytes.count)") }
        self.init(validated: bytes)
    }

    private init(validated bytes: [UInt8]) {
        self.bytes = bytes
        id = Hex.encode(SHA256.hash(data: Array("bulwark-evidence-key".utf8) + bytes).prefix(8))
    }

    /// The key for CryptoKit calls.
    var symmetricKey: SymmetricKey { SymmetricKey(data: bytes) }

    /// A new random key (not saved anywhere).
    public static func random() -> EvidenceKey {
        EvidenceKey(validated: SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
    }

    /// The key in the file at `path`: 64 hex digits (a trailing newline is allowed). When
    /// the file does not exist it is created with a random key and mode 0600. A file that
    /// the group or others may read or write is refused, as is anything but a regular file.
    public static func loadOrCreate(path: String) throws(EvidenceError) -> EvidenceKey {
        let created = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if created >= 0 {
            defer { close(created) }
            let key = random()
            let text = Array((Hex.encode(key.bytes) + "\n").utf8)
            let written = text.withUnsafeBytes { write(created, $0.baseAddress, $0.count) }
            guard written == text.count, fchmod(created, 0o600) == 0, fsync(created) == 0 else {
                let reason = String(cString: strerror(errno))
                unlink(path)
                throw .badKey(path: path, reason: "cannot write a new key: \(reason)")
            }
            return key
        }
        guard errno == EEXIST else { throw .badKey(path: path, reason: "cannot create: \(String(cString: strerror(errno)))") }

        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { throw .badKey(path: path, reason: "cannot open: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .badKey(path: path, reason: "cannot stat: \(String(cString: strerror(errno)))") }
        guard status.st_mode & S_IFMT == S_IFREG else { throw .badKey(path: path, reason: "not a regular file") }
        let mode = status.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw .badKey(path: path, reason: "readable or writable by group or others (mode \(String(mode, radix: 8))); run chmod 600 on it")
        }
        var buffer = [UInt8](repeating: 0, count: 130)
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count >= 0 else { throw .badKey(path: path, reason: "cannot read: \(String(cString: strerror(errno)))") }
        var text = buffer[0..<count]
        if text.last == UInt8(ascii: "\n") { text = text.dropLast() }
        guard text.count == 64, let bytes = Hex.decode(String(decoding: text, as: UTF8.self)) else {
            throw .badKey(path: path, reason: "must hold 64 hex digits (a 256-bit key) and nothing else")
        }
        return try EvidenceKey(bytes: bytes)
    }
}
