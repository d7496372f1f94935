/// Why DEFLATE data could not be inflated.
public struct InflateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure.
    public enum Kind: Sendable, Hashable {
        /// The data is not valid DEFLATE (or its wrapper is wrong).
        case malformed
        /// The data ends before the stream does.
        case truncated
        /// The output would pass the cap.
        case limitExceeded
    }

    /// What kind of failure.
    public var kind: Kind
    /// Compressed bytes consumed when it failed.
    public var offset: Int
    /// What was wrong.
    public var message: String

    /// An error of `kind` at compressed byte `offset`.
    public init(_ kind: Kind, at offset: Int, _ message: String) {
        self.kind = kind
        self.offset = offset
        self.message = message
    }

    /// The message with its position.
    public var description: String { "\(message) (at compressed byte \(offset))" }
}
