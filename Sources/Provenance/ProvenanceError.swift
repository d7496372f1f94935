/// A problem found while reading a file's metadata: what was wrong, in which structure, and where.
///
/// Readers collect these in ``ProvenanceReport/problems`` and mark the report partial, so one bad
/// chunk never hides the rest of the file.
public struct ProvenanceError: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The kind of problem.
    public enum Kind: String, Hashable, Sendable, Codable {
        /// The bytes do not follow the format.
        case malformed
        /// The data ends before a structure that it announces.
        case truncated
        /// A size, count, depth or output limit was reached.
        case limitExceeded
        /// The structure is valid but not supported (or deliberately refused, like XML entities).
        case refused
    }

    /// The kind of problem.
    public let kind: Kind
    /// The structure being read, e.g. `PNG chunk zTXt` or `EXIF IFD0`.
    public let context: String
    /// The byte offset (within `context`'s enclosing buffer) where the problem was found, when known.
    public let offset: Int?
    /// What was wrong.
    public let reason: String

    /// Creates a problem record.
    public init(_ kind: Kind, _ context: String, at offset: Int?, _ reason: String) {
        self.kind = kind
        self.context = context
        self.offset = offset
        self.reason = reason
    }

    public var description: String {
        if let offset { return "\(context) at byte \(offset): \(kind.rawValue): \(reason)" }
        return "\(context): \(kind.rawValue): \(reason)"
    }
}
