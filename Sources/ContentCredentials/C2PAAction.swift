/// One action from a `c2pa.actions` / `c2pa.actions.v2` assertion of the active manifest.
public struct C2PAAction: Codable, Sendable, Hashable {
    /// The action name, e.g. `c2pa.created`, `c2pa.edited`, `c2pa.opened`.
    public var action: String
    /// The IPTC digital source type URI, when present
    /// (e.g. `http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia`).
    public var digitalSourceType: String?
    /// The software that performed the action (a string, or the `name` (and `version`) of a
    /// claim-generator-info map).
    public var softwareAgent: String?
    /// When the action happened, as written (ISO 8601 text).
    public var when: String?

    /// Makes an action description.
    public init(action: String, digitalSourceType: String? = nil, softwareAgent: String? = nil, when: String? = nil) {
        self.action = action
        self.digitalSourceType = digitalSourceType
        self.softwareAgent = softwareAgent
        self.when = when
    }
}
