/// The outcome of walking the whole chain.
public struct AuditVerification: Hashable, Sendable {
    /// How many records were read.
    public let recordsChecked: Int64
    /// The last record's sequence and hash as found by walking (not as the head table says).
    public let lastRecord: ChainHead
    /// The first problem found, or nil when the chain is intact.
    public let problem: AuditProblem?

    public init(recordsChecked: Int64, lastRecord: ChainHead, problem: AuditProblem?) {
        self.recordsChecked = recordsChecked
        self.lastRecord = lastRecord
        self.problem = problem
    }

    /// True when no problem was found.
    public var isIntact: Bool { problem == nil }
}
