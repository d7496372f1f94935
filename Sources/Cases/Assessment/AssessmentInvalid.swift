/// An assessment the scheme refuses, with every problem found, each naming its field.
public struct AssessmentInvalid: Error, Hashable, Sendable, CustomStringConvertible {
    /// One problem with one field.
    public struct Problem: Hashable, Sendable, Codable, CustomStringConvertible {
        /// The field of ``Assessment``: `category`, `ageBand`, `sex`, `discountReasons`, `exploitative`, `note`.
        public var field: String
        /// What is wrong.
        public var reason: String

        public init(field: String, reason: String) {
            self.field = field
            self.reason = reason
        }

        public var description: String { "\(field): \(reason)" }
    }

    /// The problems, in field order.
    public var problems: [Problem]

    public init(problems: [Problem]) { self.problems = problems }

    /// The fields with a problem.
    public var fields: [String] { problems.map(\.field) }

    public var description: String { "invalid assessment: " + problems.map(\.description).joined(separator: "; ") }
}
