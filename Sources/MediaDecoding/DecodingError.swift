/// Which resource limit a file exceeded.
public enum DecodingLimitKind: String, Sendable, Codable {
    /// The size of the input in bytes.
    case inputBytes = "input bytes"
    /// The number of pixels in the decoded canvas.
    case pixels
}

/// Why bytes could not be decoded to an image. Every case says what was wrong; the detail
/// strings say where when the codec reports it (byte offset, row, chunk or marker).
public enum DecodingError: Error, CustomStringConvertible, Sendable, Equatable {
    /// There were no bytes at all.
    case empty
    /// The leading bytes match no supported format; `leadingBytes` shows them in hex.
    case unknownFormat(leadingBytes: String)
    /// The data ends before the image does.
    case truncated(ImageFormat, detail: String)
    /// The data breaks the format's rules.
    case corrupt(ImageFormat, detail: String)
    /// The input or the image it describes is larger than ``DecodingLimits`` allow.
    case limitExceeded(DecodingLimitKind, limit: Int, actual: Int)
    /// Valid data in a variant this decoder does not handle.
    case unsupported(ImageFormat, detail: String)
    /// Memory ran out, or a codec's own memory cap was reached.
    case outOfMemory(ImageFormat, detail: String)

    public var description: String {
        switch self {
        case .empty:
            "empty input (0 bytes)"
        case .unknownFormat(let leadingBytes):
            "unknown image format (leading bytes: \(leadingBytes.isEmpty ? "none" : leadingBytes))"
        case .truncated(let format, let detail):
            "truncated \(format.rawValue) data: \(detail)"
        case .corrupt(let format, let detail):
            "corrupt \(format.rawValue) data: \(detail)"
        case .limitExceeded(let kind, let limit, let actual):
            "limit exceeded: \(kind.rawValue) \(actual) > \(limit)"
        case .unsupported(let format, let detail):
            "unsupported \(format.rawValue) variant: \(detail)"
        case .outOfMemory(let format, let detail):
            "out of memory decoding \(format.rawValue): \(detail)"
        }
    }
}
