/// Something a parser noticed about a model file that does not stop the scan: a structural
/// problem, a suspicious construct, or a part it could not inspect.
///
/// The policy (``ModelScanPolicy``) turns findings into ``Reason``s with a verdict.
public struct ModelFinding: Error, Hashable, Sendable, Codable {
    /// What kind of finding this is; the policy decides the verdict per kind.
    public enum Kind: String, Hashable, Sendable, Codable {
        /// The file breaks its format's rules (bad offsets, overlapping tensors, broken opcodes...).
        case malformed
        /// Part of the file could not be inspected (unsupported compression, over a limit...).
        case unscannable
        /// Worth knowing but not a problem on its own (e.g. metadata that disagrees with tensors).
        case note
    }

    /// The kind.
    public var kind: Kind
    /// A stable code, e.g. `safetensors.overlap`, `pickle.truncated`.
    public var code: String
    /// What was found, for people.
    public var message: String
    /// Where: a byte offset, tensor name, metadata key or zip entry.
    public var location: String?

    /// Creates a finding.
    public init(kind: Kind, code: String, message: String, location: String? = nil) {
        self.kind = kind
        self.code = code
        self.message = message
        self.location = location
    }
}
