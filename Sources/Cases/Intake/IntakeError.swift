/// A case draft or report that cannot be taken in, naming the field that is wrong.
public struct IntakeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The field of the draft or request, e.g. `contentHash`, `url`, `team`.
    public var field: String
    /// What is wrong with it.
    public var reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String { "invalid \(field): \(reason)" }
}
