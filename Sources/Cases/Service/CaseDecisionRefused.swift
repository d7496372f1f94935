/// A decision the case's state does not allow (the server answers 409): closing before the
/// second opinion agrees, acting on a closed case.
public struct CaseDecisionRefused: Error, Hashable, Sendable, CustomStringConvertible {
    public var caseID: Int64
    /// Why, in a sentence for the reviewer.
    public var reason: String

    public init(caseID: Int64, reason: String) {
        self.caseID = caseID
        self.reason = reason
    }

    public var description: String { "case \(caseID): \(reason)" }
}
