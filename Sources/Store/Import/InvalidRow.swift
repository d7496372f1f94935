/// A row of an import that could not be used: where it is and why.
public struct InvalidRow: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The 1-based line on which the row starts.
    public let line: Int
    /// What was wrong, naming the field.
    public let reason: String

    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }

    public var description: String { "line \(line): \(reason)" }
}
