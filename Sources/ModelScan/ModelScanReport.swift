import BulwarkCore

/// Everything a scan learned about one model file, and the decision with every reason.
/// Encoded as the JSON report of `bulwark scan-model` and the HTTP door.
public struct ModelScanReport: Sendable, Codable, Hashable {
    /// The file's path (or upload name).
    public var path: String
    /// Size in bytes.
    public var size: UInt64
    /// The recognised container format.
    public var format: ModelFormat
    /// File hashes (absent when hashing was turned off or the file could not be read).
    public var hashes: ModelHashes?
    /// The signals offered to model banks: the file's hashes and, under `lineage`, the base model's.
    public var signals: [Signal]
    /// Signals of the model this one was trained from (from `ss_new_sd_model_hash`).
    public var lineageSignals: [Signal]
    /// Architecture and base family (safetensors and GGUF).
    public var architecture: ModelArchitecture?
    /// The safetensors inventory.
    public var safetensors: SafetensorsSummary?
    /// Training metadata (kohya-ss and modelspec keys).
    public var training: TrainingMetadata?
    /// GGUF metadata.
    public var gguf: GGUFMetadata?
    /// The static pickle scan.
    public var pickle: PickleFileReport?
    /// A likeness signal, when the adapter centres on one personal name.
    public var likeness: LikenessDetector.Signal?
    /// Structural findings from every parser.
    public var findings: [ModelFinding]
    /// Preview images and what the image pipeline decided for each.
    public var previews: [PreviewResult]
    /// The verdict and every reason.
    public var decision: Decision
}

/// The safetensors header in brief (the full tensor list is not repeated in reports).
public struct SafetensorsSummary: Sendable, Codable, Hashable {
    /// JSON header length in bytes.
    public var headerLength: UInt64
    /// Number of tensors.
    public var tensorCount: Int
    /// Total elements over all tensors (saturating).
    public var parameterCount: UInt64
    /// Tensor count per dtype.
    public var dtypes: [String: Int]
    /// The `__metadata__` keys present.
    public var metadataKeys: [String]

    init(_ header: SafetensorsHeader) {
        headerLength = header.headerLength
        tensorCount = header.tensors.count
        var total: UInt64 = 0
        var dtypes: [String: Int] = [:]
        for tensor in header.tensors {
            let (sum, overflow) = total.addingReportingOverflow(tensor.elementCount ?? 0)
            total = overflow ? .max : sum
            dtypes[tensor.dtype.rawValue, default: 0] += 1
        }
        parameterCount = total
        self.dtypes = dtypes
        metadataKeys = header.metadata.map(\.key)
    }
}

/// One preview image and its decision.
public struct PreviewResult: Sendable, Codable, Hashable {
    /// The image's path.
    public var path: String
    /// The image pipeline's decision (or the unscanned/failed reason).
    public var decision: Decision
}
