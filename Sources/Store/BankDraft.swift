import BulwarkCore

/// The settings of a bank to create.
public struct BankDraft: Hashable, Sendable {
    public var name: String
    public var enabled: Bool
    public var holdsKnownRealVictims: Bool
    public var description: String

    public init(name: String, enabled: Bool = true, holdsKnownRealVictims: Bool = false, description: String = "") {
        self.name = name
        self.enabled = enabled
        self.holdsKnownRealVictims = holdsKnownRealVictims
        self.description = description
    }
}
