/// `--shard K/N`: which part of a dataset one process scans, so N processes under any job
/// runner (Kubernetes Indexed Jobs, Slurm arrays) share one dataset without coordinating.
///
/// `K` is 0-based (`0/4` ... `3/4`), as Kubernetes' `JOB_COMPLETION_INDEX` is. Tar shards are
/// dealt whole, by their position among the tar inputs (`position % N == K`); folder and
/// manifest items by the stable FNV-1a hash of their key (`hash % N == K`). The split depends
/// only on the inputs, never on timing.
public struct ShardSpec: Sendable, Equatable, Codable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    /// The whole dataset.
    public static let whole = ShardSpec(uncheckedIndex: 0, count: 1)

    private init(uncheckedIndex: Int, count: Int) {
        index = uncheckedIndex
        self.count = count
    }

    /// Validates `0 <= index < count`.
    public init(index: Int, count: Int) throws(DatasetScanError) {
        guard count >= 1, count <= 1_000_000, index >= 0, index < count else {
            throw .unsupportedInput(path: "--shard", reason: "\(index)/\(count) is not K/N with 0 <= K < N <= 1000000")
        }
        self.index = index
        self.count = count
    }

    /// Parses `K/N`.
    public init(parsing text: String) throws(DatasetScanError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
            throw .unsupportedInput(path: "--shard", reason: "\"\(text.prefix(40))\" is not K/N (e.g. 0/4)")
        }
        try self.init(index: index, count: count)
    }

    /// Whether this shard scans the item with `key`.
    public func owns(key: String) -> Bool {
        count == 1 || Int(ItemKey.stableHash(key) % UInt64(count)) == index
    }

    /// Whether this shard scans the tar shard at `position` among the tar inputs.
    public func owns(tarPosition position: Int) -> Bool {
        position % count == index
    }

    public var description: String { "\(index)/\(count)" }
}
