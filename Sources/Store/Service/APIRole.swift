/// What an API key may do. See the server's permission matrix: admin everything; curator
/// banks, entries, import and export; matcher hashing, matching and comparing; reviewer
/// read-only access.
public enum APIRole: String, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case admin
    case curator
    case matcher
    case reviewer

    public var description: String { rawValue }
}
