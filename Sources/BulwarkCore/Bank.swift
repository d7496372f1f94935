#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A named list of known-content signals (a "hash bank"), such as one imported from a
/// hotline's or an exchange's list.
public struct Bank: Hashable, Sendable, Codable, Identifiable {
    /// The store's identifier of the bank.
    public let id: Int64
    /// A unique, human-readable name.
    public var name: String
    /// Whether the bank takes part in matching. Disabled banks keep their entries.
    public var enabled: Bool
    /// Whether the bank holds material of known real victims; review priority uses this.
    public var holdsKnownRealVictims: Bool
    /// A free description of what the bank holds and where it comes from.
    public var description: String
    /// When the bank was created.
    public let createdAt: Date
    /// When the bank's settings last changed.
    public var updatedAt: Date

    public init(
        id: Int64, name: String, enabled: Bool, holdsKnownRealVictims: Bool, description: String,
        createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.name = name
        self.enabled = enabled
        self.holdsKnownRealVictims = holdsKnownRealVictims
        self.description = description
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Checks a proposed bank name: 1 to 128 characters, no control characters, not only
    /// digits (so a name can never be mistaken for an id). Returns the trimmed name.
    public static func validatedName(_ name: String) throws(BulwarkError) -> String {
        let trimmed = name.trimmingWhitespace()
        guard !trimmed.isEmpty else {
            throw .invalidInput(what: "bank name", where: nil, reason: "empty name")
        }
        guard trimmed.count <= 128 else {
            throw .limitExceeded(what: "bank name", limit: "128 characters", actual: "\(trimmed.count) characters")
        }
        guard !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw .invalidInput(what: "bank name", where: nil, reason: "contains a control character")
        }
        guard !trimmed.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw .invalidInput(what: "bank name", where: nil, reason: "a name cannot be only digits")
        }
        return trimmed
    }
}
