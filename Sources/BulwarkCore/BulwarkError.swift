/// Errors that Bulwark reports at its edges. Each says what was wrong and where.
///
/// Parsers of untrusted bytes throw these (or their own error types conforming to
/// `Error & CustomStringConvertible`) instead of trapping.
public enum BulwarkError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The input is malformed. `where` is a location such as `byte 1024`, `line 7`, or a field name.
    case invalidInput(what: String, where: String?, reason: String)
    /// The input is well-formed but over a configured limit.
    case limitExceeded(what: String, limit: String, actual: String)
    /// The format is recognised but not supported by this build.
    case unsupported(what: String, reason: String)
    /// Reading from or writing to the file system failed.
    case io(path: String, reason: String)
    /// A requested object (bank, entry, case...) does not exist.
    case notFound(what: String, id: String)
    /// The request conflicts with the current state (e.g. a concurrent import).
    case conflict(String)

    public var description: String {
        switch self {
        case let .invalidInput(what, location, reason):
            if let location { return "invalid \(what) at \(location): \(reason)" }
            return "invalid \(what): \(reason)"
        case let .limitExceeded(what, limit, actual):
            return "\(what) is over the limit: \(actual) > \(limit)"
        case let .unsupported(what, reason):
            return "unsupported \(what): \(reason)"
        case let .io(path, reason):
            return "\(path): \(reason)"
        case let .notFound(what, id):
            return "\(what) \(id) not found"
        case let .conflict(message):
            return message
        }
    }
}
