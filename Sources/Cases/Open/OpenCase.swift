#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A case that was open at the time a listing was read for, as transparency reporting counts
/// it: opened, not yet actioned. Says what it is (kind, origin of its first report, combined
/// category so far) and when it opened. Carries no content, no URL, no content hash and no
/// reasons.
public struct OpenCase: Hashable, Sendable, Codable, Identifiable {
    public let id: Int64
    /// The team whose queue holds it.
    public var team: String
    public var kind: CaseKind
    /// Where the case's first report came from. Later repeat reports do not change it.
    public var origin: CaseSource.Origin
    /// Combined category of the reviewers' latest assessments so far; `nil` if not assessed.
    public var category: String?
    /// When the case opened.
    public var createdAt: Date

    public init(id: Int64, team: String, kind: CaseKind, origin: CaseSource.Origin, category: String?, createdAt: Date) {
        self.id = id
        self.team = team
        self.kind = kind
        self.origin = origin
        self.category = category
        self.createdAt = createdAt
    }
}
