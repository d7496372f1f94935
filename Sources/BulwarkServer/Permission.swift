import Store

/// What a route needs from the caller's key. ``APIRole/allows(_:)`` is the role matrix.
public enum Permission: String, Sendable, CaseIterable {
    /// No key at all (liveness and readiness probes).
    case none
    /// Any valid key (metrics, the OpenAPI document).
    case anyKey
    /// Read banks, entries, tombstones and exports.
    case readBanks
    /// Change banks and entries, import.
    case writeBanks
    /// Hash uploads, match, compare.
    case match
    /// Read webhooks and dead letters.
    case readWebhooks
    /// Configure webhooks and retry dead letters.
    case manageWebhooks
    /// Send in a report of content (it becomes a review case).
    case reportContent
    /// Read the review queue and cases, assess and close them (within the caller's teams).
    case reviewCases
    /// File reports of assessed cases with hotlines and authorities, resume and retract them.
    case fileReports

    /// A phrase for 403 messages.
    var summary: String {
        switch self {
        case .none, .anyKey: return "call this route"
        case .readBanks: return "read banks"
        case .writeBanks: return "change banks, entries or imports"
        case .match: return "hash or match content"
        case .readWebhooks: return "read webhooks"
        case .manageWebhooks: return "manage webhooks"
        case .reportContent: return "report content"
        case .reviewCases: return "review cases"
        case .fileReports: return "file, resume or retract reports"
        }
    }
}

extension APIRole {
    /// The role matrix: admin everything; curator banks, entries, import and export;
    /// matcher hash, match, compare and report content; reviewer read-only (banks, entries,
    /// webhooks) plus reviewing cases of their teams and filing reports of them.
    public func allows(_ permission: Permission) -> Bool {
        switch (self, permission) {
        case (_, .none), (_, .anyKey), (.admin, _): return true
        case (.curator, .readBanks), (.curator, .writeBanks): return true
        case (.matcher, .match), (.matcher, .reportContent): return true
        case (.reviewer, .readBanks), (.reviewer, .readWebhooks), (.reviewer, .reviewCases), (.reviewer, .fileReports): return true
        default: return false
        }
    }
}
