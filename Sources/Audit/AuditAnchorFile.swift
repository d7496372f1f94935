#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BulwarkCore

/// A copy of the chain head kept outside the database, so that a rewrite of the database
/// from some record on (head table included) is still detected.
///
/// The file is three lines of text:
///
///     bulwark-audit-anchor 1
///     sequence 1234
///     hash 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
///
/// It only helps if it lives where the people who can write the database cannot: another
/// volume or machine, a write-once bucket, or a copy sent elsewhere. Writers take an
/// exclusive `flock` on it and never move it backwards, so several processes on one machine
/// can share it.
public struct AuditAnchorFile: Hashable, Sendable {
    /// Where the anchor lives.
    public let path: String

    public init(path: String) {
        self.path = path
    }

    private static let magic = "bulwark-audit-anchor 1"
    private static let maximumBytes = 4096

    /// The saved head, or nil when the file does not exist yet. Throws if it is unreadable
    /// or not an anchor.
    public func read() throws -> ChainHead? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 {
            if errno == ENOENT { return nil }
            throw BulwarkError.io(path: path, reason: "cannot open the audit anchor: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_SH) == 0 else {
            throw BulwarkError.io(path: path, reason: "cannot lock the audit anchor: \(String(cString: strerror(errno)))")
        }
        return try Self.parse(try readAll(descriptor))
    }

    /// Writes `head` unless the file already holds a later sequence. Creates the file (mode
    /// 0600) if needed.
    public func advance(to head: ChainHead) throws {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw BulwarkError.io(path: path, reason: "cannot open the audit anchor: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX) == 0 else {
            throw BulwarkError.io(path: path, reason: "cannot lock the audit anchor: \(String(cString: strerror(errno)))")
        }
        let existing = try readAll(descriptor)
        if !existing.isEmpty, let saved = try Self.parse(existing), saved.sequence >= head.sequence { return }
        let text = Array("\(Self.magic)\nsequence \(head.sequence)\nhash \(head.hash)\n".utf8)
        guard ftruncate(descriptor, 0) == 0 else {
            throw BulwarkError.io(path: path, reason: "cannot truncate the audit anchor: \(String(cString: strerror(errno)))")
        }
        let written = text.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        guard written == text.count, fsync(descriptor) == 0 else {
            throw BulwarkError.io(path: path, reason: "cannot write the audit anchor: \(String(cString: strerror(errno)))")
        }
    }

    private func readAll(_ descriptor: Int32) throws -> [UInt8] {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1024)
        var offset: off_t = 0
        while true {
            let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, offset) }
            if count < 0 {
                throw BulwarkError.io(path: path, reason: "cannot read the audit anchor: \(String(cString: strerror(errno)))")
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: buffer[0..<count])
            offset += off_t(count)
            guard bytes.count <= Self.maximumBytes else {
                throw BulwarkError.limitExceeded(what: "audit anchor \(path)", limit: "\(Self.maximumBytes) bytes", actual: "more")
            }
        }
    }

    /// The head in `bytes`; nil for an empty file (created but never written).
    static func parse(_ bytes: [UInt8]) throws(BulwarkError) -> ChainHead? {
        if bytes.isEmpty { return nil }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        func fail(_ line: Int, _ reason: String) -> BulwarkError {
            .invalidInput(what: "audit anchor", where: "line \(line)", reason: reason)
        }
        guard lines.count == 4, lines[3].isEmpty else { throw fail(min(lines.count, 4), "expected exactly three lines") }
        guard lines[0] == Self.magic else { throw fail(1, "expected \"\(Self.magic)\"") }
        guard lines[1].hasPrefix("sequence "), let sequence = Int64(lines[1].dropFirst("sequence ".count)), sequence >= 0 else {
            throw fail(2, "expected \"sequence <number>\"")
        }
        let hash = lines[2].dropFirst("hash ".count)
        guard lines[2].hasPrefix("hash "), hash.utf8.count == 64, hash.utf8.allSatisfy({ Hex.nibble($0) != nil }),
              hash == hash.lowercased() else {
            throw fail(3, "expected \"hash <64 lowercase hex digits>\"")
        }
        return ChainHead(sequence: sequence, hash: String(hash))
    }
}
