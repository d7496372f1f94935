/// A problem found while parsing or checking a C2PA manifest store: what was wrong and where.
public struct ContentCredentialsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The structure being read: `JUMBF`, `CBOR`, `COSE_Sign1`, `claim`, `certificate`...
    public var structure: String
    /// Where: a byte offset within that structure, a box label path or a field name.
    public var location: String
    /// What was wrong.
    public var reason: String

    /// Makes an error.
    public init(_ structure: String, at location: String, _ reason: String) {
        self.structure = structure
        self.location = location
        self.reason = reason
    }

    public var description: String { "\(structure) at \(location): \(reason)" }
}
