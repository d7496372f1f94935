/// Changes to a bank's settings; `nil` fields stay as they are.
public struct BankChanges: Hashable, Sendable {
    public var name: String?
    public var enabled: Bool?
    public var holdsKnownRealVictims: Bool?
    public var description: String?

    public init(name: String? = nil, enabled: Bool? = nil, holdsKnownRealVictims: Bool? = nil, description: String? = nil) {
        self.name = name
        self.enabled = enabled
        self.holdsKnownRealVictims = holdsKnownRealVictims
        self.description = description
    }
}
