/// How far an import has got, reported after every batch.
public struct ImportProgress: Hashable, Sendable {
    /// Records read so far (valid or not, header included).
    public var rowsRead: Int
    /// Bytes of input consumed so far.
    public var bytesRead: Int64
    /// The input's size when known (a file), for a percentage.
    public var totalBytes: Int64?

    public init(rowsRead: Int, bytesRead: Int64, totalBytes: Int64?) {
        self.rowsRead = rowsRead
        self.bytesRead = bytesRead
        self.totalBytes = totalBytes
    }

    /// The fraction done from 0 to 1, when the size is known.
    public var fraction: Double? {
        guard let totalBytes, totalBytes > 0 else { return nil }
        return min(1, Double(bytesRead) / Double(totalBytes))
    }
}
