/// One ingredient (`c2pa.ingredient`, `.v2`, `.v3`) of the active manifest.
public struct C2PAIngredient: Codable, Sendable, Hashable {
    /// The ingredient's title (usually its file name), when given.
    public var title: String?
    /// Its media type (e.g. `image/jpeg`), when given.
    public var format: String?
    /// Its relationship to the asset: `parentOf`, `componentOf` or `inputTo`.
    public var relationship: String?
    /// Whether the ingredient carries its own C2PA manifest (a `c2pa_manifest` /
    /// `activeManifest` reference).
    public var hasManifest: Bool

    /// Makes an ingredient description.
    public init(title: String? = nil, format: String? = nil, relationship: String? = nil, hasManifest: Bool = false) {
        self.title = title
        self.format = format
        self.relationship = relationship
        self.hasManifest = hasManifest
    }
}
