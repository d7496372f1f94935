#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BulwarkCore

/// An exclusive, non-blocking advisory lock on a file (`flock`), used to allow one import
/// per bank at a time across threads and processes of one SQLite store. The kernel releases
/// it when the holder closes the file or dies, so a killed import never leaves a stale lock.
final class ImportLockFile: Sendable {
    private let descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    /// Takes the lock at `path`, creating the file if needed. Throws `.conflict` with
    /// `busyMessage` if another holder has it.
    static func acquire(path: String, busyMessage: String) throws -> ImportLockFile {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw BulwarkError.io(path: path, reason: "cannot open lock file (errno \(errno))")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            close(fd)
            if code == EWOULDBLOCK { throw BulwarkError.conflict(busyMessage) }
            throw BulwarkError.io(path: path, reason: "cannot lock (errno \(code))")
        }
        return ImportLockFile(descriptor: fd)
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
