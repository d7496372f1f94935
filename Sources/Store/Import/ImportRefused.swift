/// An import refused because its input held invalid rows (and `skipInvalid` was off).
/// Nothing was written: the bank is as it was.
public struct ImportRefused: Error, Hashable, Sendable, CustomStringConvertible {
    /// How many rows were invalid.
    public let invalidCount: Int
    /// The first invalid rows, with line numbers and reasons.
    public let invalidRows: [InvalidRow]

    public init(invalidCount: Int, invalidRows: [InvalidRow]) {
        self.invalidCount = invalidCount
        self.invalidRows = invalidRows
    }

    public var description: String {
        var text = "import refused, nothing was written: \(invalidCount) invalid row\(invalidCount == 1 ? "" : "s")"
        for row in invalidRows.prefix(20) { text += "\n  \(row)" }
        if invalidCount > min(20, invalidRows.count) { text += "\n  ... and \(invalidCount - min(20, invalidRows.count)) more" }
        text += "\n(use skip-invalid to import the valid rows and skip these)"
        return text
    }
}
