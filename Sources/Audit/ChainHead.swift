/// The last link of the chain: the sequence number of the newest record and its hash.
/// An empty chain has sequence 0 and ``ChainHash/genesis`` as its hash.
public struct ChainHead: Hashable, Sendable, CustomStringConvertible {
    /// Sequence number of the newest record (0 when the chain is empty).
    public let sequence: Int64
    /// Lowercase hex hash of that record.
    public let hash: String

    public init(sequence: Int64, hash: String) {
        self.sequence = sequence
        self.hash = hash
    }

    /// The head of an empty chain.
    public static let empty = ChainHead(sequence: 0, hash: ChainHash.genesis)

    public var description: String { "sequence \(sequence), hash \(hash)" }
}
