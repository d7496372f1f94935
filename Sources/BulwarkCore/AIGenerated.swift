/// Whether a banked item is known to be AI-generated, as labelled by the list that supplied it.
///
/// Missing information is `unknown`, never `no`: a hash list that says nothing about how an
/// item was made does not make it real or synthetic.
public enum AIGenerated: String, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case yes
    case no
    case unknown

    /// Reads the label from the spellings found in the field (`yes/no/unknown`, `true/false`,
    /// `1/0`, `y/n`, empty for unknown), case-insensitively. Returns `nil` for anything else.
    public init?(label: some StringProtocol) {
        switch label.trimmingWhitespace().lowercased() {
        case "yes", "y", "true", "t", "1", "ai", "synthetic": self = .yes
        case "no", "n", "false", "f", "0", "real": self = .no
        case "", "unknown", "u", "?", "null", "none", "n/a": self = .unknown
        default: return nil
        }
    }

    public var description: String { rawValue }
}
