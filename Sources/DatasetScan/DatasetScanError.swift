/// Why a dataset source or a scan's output directory could not be used. Each case says what
/// was wrong and where (file, byte offset, line number).
public enum DatasetScanError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A tar archive is malformed at `offset` (a header or a pax record).
    case corruptTar(offset: Int, reason: String)
    /// A tar archive ends inside a header or a member, or without its end-of-archive blocks.
    case truncatedTar(offset: Int, reason: String)
    /// A manifest row cannot be read (`line` is 1-based).
    case badManifestRow(line: Int, reason: String)
    /// A value is over a configured limit.
    case limitExceeded(what: String, limit: Int, actual: Int, offset: Int)
    /// Reading or writing a file failed.
    case io(path: String, reason: String)
    /// An input that cannot be scanned (unknown kind, Parquet, missing path).
    case unsupportedInput(path: String, reason: String)
    /// The output directory holds a different scan or a damaged checkpoint.
    case outputMismatch(path: String, reason: String)

    public var description: String {
        switch self {
        case let .corruptTar(offset, reason): "corrupt tar at byte \(offset): \(reason)"
        case let .truncatedTar(offset, reason): "truncated tar at byte \(offset): \(reason)"
        case let .badManifestRow(line, reason): "bad manifest row at line \(line): \(reason)"
        case let .limitExceeded(what, limit, actual, offset): "\(what) at byte \(offset) is over the limit: \(actual) > \(limit)"
        case let .io(path, reason): "\(path): \(reason)"
        case let .unsupportedInput(path, reason): "\(path): \(reason)"
        case let .outputMismatch(path, reason): "\(path): \(reason)"
        }
    }
}
