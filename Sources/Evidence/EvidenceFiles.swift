#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BulwarkCore

/// The encrypted files under `<data-dir>/evidence/`: one `<id>.evidence` per item, mode
/// 0600, in a directory of mode 0700. Writes go to a temporary file that is synced and
/// renamed, so a crash never leaves half an item under its real name.
struct EvidenceFiles: Sendable {
    let directory: String

    /// The file of item `id`. Ids are 32 lowercase hex digits; anything else (which could
    /// name a path outside the directory) is refused.
    func path(id: String) throws -> String {
        guard Self.isWellFormed(id: id) else {
            throw BulwarkError.invalidInput(what: "evidence id", where: nil, reason: "must be 32 lowercase hex digits")
        }
        return directory + "/" + id + ".evidence"
    }

    /// Whether `id` has the form the vault gives ids: 32 lowercase hex digits.
    static func isWellFormed(id: String) -> Bool {
        id.utf8.count == 32
            && id.utf8.allSatisfy { ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "f")) }
    }

    /// Creates the directory (0700) if needed.
    func prepare() throws {
        if mkdir(directory, 0o700) != 0 && errno != EEXIST {
            throw BulwarkError.io(path: directory, reason: "cannot create the evidence directory: \(String(cString: strerror(errno)))")
        }
    }

    func save(_ bytes: [UInt8], id: String) throws {
        try prepare()
        let final = try path(id: id)
        let temporary = final + ".tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw failure(temporary, "cannot create") }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset) }
            if written <= 0 {
                let error = failure(temporary, "cannot write")
                close(descriptor)
                unlink(temporary)
                throw error
            }
            offset += written
        }
        guard fchmod(descriptor, 0o600) == 0, fsync(descriptor) == 0 else {
            let error = failure(temporary, "cannot sync")
            close(descriptor)
            unlink(temporary)
            throw error
        }
        close(descriptor)
        guard rename(temporary, final) == 0 else {
            let error = failure(final, "cannot rename into place")
            unlink(temporary)
            throw error
        }
    }

    /// The file's bytes; refuses files longer than `limit` without reading them.
    func read(id: String, limit: Int) throws -> [UInt8] {
        let file = try path(id: id)
        let descriptor = open(file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else {
            if errno == ENOENT { throw EvidenceError.tampered(id: id, reason: "its encrypted file is missing") }
            throw failure(file, "cannot open")
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw failure(file, "cannot stat") }
        guard Int64(status.st_size) <= Int64(limit) else {
            throw EvidenceError.tampered(id: id, reason: "file is \(status.st_size) bytes, more than the \(limit) its item can take")
        }
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size))
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeMutableBytes { buffer in
                pread(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset, off_t(offset))
            }
            if count < 0 { throw failure(file, "cannot read") }
            if count == 0 { break }
            offset += count
        }
        return Array(bytes[0..<offset])
    }

    /// Deletes the item's file; a file already gone is not an error.
    func delete(id: String) throws {
        let file = try path(id: id)
        if unlink(file) != 0 && errno != ENOENT { throw failure(file, "cannot delete") }
    }

    private func failure(_ path: String, _ what: String) -> BulwarkError {
        .io(path: path, reason: "\(what): \(String(cString: strerror(errno)))")
    }
}
