import Evidence

/// One preserved evidence item of a case as a report needs it: its id in the evidence
/// vault, hashes, size and media type. Never the bytes.
public struct CaseEvidenceFile: Hashable, Sendable {
    /// The vault id (32 lowercase hex digits).
    public var evidenceID: String
    /// Lowercase hex SHA-256 of the plaintext.
    public var sha256: String
    /// Lowercase hex MD5 of the plaintext, when computed.
    public var md5: String?
    /// Size in bytes.
    public var size: Int64
    /// Media type as stored, e.g. `image/png`.
    public var mediaType: String

    public init(evidenceID: String, sha256: String, md5: String?, size: Int64, mediaType: String) {
        self.evidenceID = evidenceID
        self.sha256 = sha256
        self.md5 = md5
        self.size = size
        self.mediaType = mediaType
    }

    /// The report facts of vault `item`, with `md5` when it was computed from the bytes.
    public init(_ item: EvidenceItem, md5: String?) {
        self.init(evidenceID: item.id, sha256: item.sha256, md5: md5, size: item.byteSize, mediaType: item.mediaType)
    }

    /// The file name sent to the hotline: the evidence id (random, says nothing about the
    /// content) with an extension for the media type, e.g. `3f…9a.png`.
    /// ``EvidenceReportFiles`` reads the id back from it at upload time.
    public var reportFileName: String { "\(evidenceID).\(Self.fileExtension(mediaType))" }

    static func fileExtension(_ mediaType: String) -> String {
        switch mediaType.lowercased() {
        case "image/jpeg": "jpg"
        case "image/png": "png"
        case "image/gif": "gif"
        case "image/webp": "webp"
        case "image/bmp": "bmp"
        case "image/tiff": "tif"
        case "image/heic": "heic"
        case "video/mp4": "mp4"
        case "video/webm": "webm"
        case "video/quicktime": "mov"
        default: "bin"
        }
    }
}
