import BulwarkCore

/// Checks one piece of training text (a tag, caption, folder name, output name, trigger word)
/// and says why it is a concern. The TextSafety engine is connected here by the pipeline;
/// ModelScan only knows this protocol.
public protocol TrainingTextChecker: Sendable {
    /// The decision for `text`, with reasons; `.allow` when nothing is wrong.
    func check(_ text: String) -> Decision
}

/// A bank hit for a model hash.
public struct ModelBankMatch: Sendable, Hashable, Codable {
    /// The bank's id.
    public var bank: String
    /// The signal that matched.
    public var signal: Signal
    /// Optional label of the bank entry (e.g. a category).
    public var label: String?

    /// Creates a bank hit.
    public init(bank: String, signal: Signal, label: String? = nil) {
        self.bank = bank
        self.signal = signal
        self.label = label
    }
}

/// Looks model signals (`model_sha256`, `model_autov2`, `model_autov3`) up in model banks.
/// The pipeline connects its match index here.
public protocol ModelBankMatcher: Sendable {
    /// Every bank entry matching any of `signals`.
    func matches(for signals: [Signal]) -> [ModelBankMatch]
}

/// Scans one preview image uploaded with a model through the image pipeline (hash match and
/// provenance) and returns its decision. Connected by the pipeline.
public typealias PreviewImageScan = @Sendable (_ path: String) async throws -> Decision
