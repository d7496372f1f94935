#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One action somebody (or the system) took, as it goes into the audit trail.
///
/// Every door records its actions through an ``AuditRecorder``: bank edits, imports, key
/// creation, case assessments, reports sent. The recorder appends the event to a hash chain,
/// so a later edit or deletion of any event is detectable.
public struct AuditEvent: Hashable, Sendable, Codable {
    /// Who acted: an API key id, a reviewer name, or `"system"` for scheduled work.
    public var actor: String
    /// What was done, as a dotted verb such as `"case.assess"` or `"bank.create"`.
    public var action: String
    /// What it was done to, as `kind:id`, such as `"case:42"` or `"bank:3"`.
    public var subject: String
    /// Facts worth keeping about the action (never media, never graphic text).
    public var details: [String: String]
    /// When it happened.
    public var at: Date

    public init(actor: String, action: String, subject: String, details: [String: String] = [:], at: Date = Date()) {
        self.actor = actor
        self.action = action
        self.subject = subject
        self.details = details
        self.at = at
    }
}

/// Somewhere audit events go. The `Audit` module's chained log is the real one; tests may
/// collect events in memory.
public protocol AuditRecorder: Sendable {
    /// Appends `event` to the trail. Throws if it could not be stored; the caller's action
    /// must then be reported as failed rather than silently unaudited.
    func record(_ event: AuditEvent) async throws
}
