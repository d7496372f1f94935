import BulwarkCore

/// The file layouts banks are imported from and exported to.
public enum BankFileFormat: Hashable, Sendable, CustomStringConvertible {
    /// Comma-separated values (RFC 4180 quoting) with a header naming the columns:
    /// `signal_type,value,source,category,ai_generated,note` (others ignored, order free).
    case csv
    /// Tab-separated values with the same header; fields hold no tabs or line breaks.
    case tsv
    /// One JSON object per line with the same keys as the CSV columns.
    case ndjson
    /// python-threatexchange's `dataset --print-signals --csv` layout (the bank export HMA
    /// tooling exchanges): `collab,signal_type,signal_str,category,tags`. `collab` becomes the
    /// source, `tags` the note; ThreatExchange type names (`video_md5`, `HASH_PDQ`...) map to ours.
    case threatExchangeCSV
    /// StopNCII-style pairs: `pdq,md5` per line (comma, tab or spaces between; an optional
    /// header line). Each line adds a PDQ and an MD5 entry.
    case pdqMD5Pairs
    /// A plain list of hashes, one per line (`#` comments and blank lines skipped; text after
    /// the first white space, like `md5sum`'s file name, is ignored). The type is given, or
    /// sniffed per line from the length when `nil` (32 hex digits MD5, 40 SHA-1).
    case hashList(SignalType?)

    /// Parses the names used on the command line and in the API.
    public init?(name: String) {
        switch name.lowercased() {
        case "csv": self = .csv
        case "tsv": self = .tsv
        case "ndjson", "jsonl": self = .ndjson
        case "te-csv", "threatexchange-csv", "hma-csv": self = .threatExchangeCSV
        case "stopncii", "pdq-md5", "pdq-md5-pairs": self = .pdqMD5Pairs
        case "list", "hash-list", "hashes": self = .hashList(nil)
        case "md5", "md5-list": self = .hashList(.md5)
        case "sha1", "sha1-list": self = .hashList(.sha1)
        case "sha256", "sha256-list": self = .hashList(.sha256)
        case "pdq", "pdq-list": self = .hashList(.pdq)
        default: return nil
        }
    }

    /// The names accepted by ``init(name:)``, for help texts.
    public static let names = ["csv", "tsv", "ndjson", "te-csv", "stopncii", "list", "md5-list", "sha1-list", "sha256-list", "pdq-list"]

    public var description: String {
        switch self {
        case .csv: return "csv"
        case .tsv: return "tsv"
        case .ndjson: return "ndjson"
        case .threatExchangeCSV: return "te-csv"
        case .pdqMD5Pairs: return "stopncii"
        case .hashList(nil): return "list"
        case .hashList(let type?): return "\(type)-list"
        }
    }

    /// Whether a record may span lines inside a quoted field.
    var hasQuotedFields: Bool { self == .csv || self == .threatExchangeCSV }
}
