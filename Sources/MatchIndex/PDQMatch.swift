/// One indexed hash within the threshold of a query.
public struct PDQMatch: Hashable, Sendable {
    /// The entry that holds the matched hash.
    public var entryID: EntryID
    /// The Hamming distance between the query and the matched hash (0...256).
    public var distance: Int
    /// The matched hash as indexed.
    public var hash: Hash256

    /// A match of `hash`, held by `entryID`, at `distance` from the query.
    public init(entryID: EntryID, distance: Int, hash: Hash256) {
        self.entryID = entryID
        self.distance = distance
        self.hash = hash
    }
}
