/// Limits that bound the work done on an untrusted manifest store.
public struct C2PALimits: Sendable, Hashable {
    /// The largest manifest store accepted, in bytes.
    public var maxManifestStoreBytes: Int
    /// The deepest nesting of JUMBF superboxes.
    public var maxBoxDepth: Int
    /// The most JUMBF boxes in one manifest store.
    public var maxBoxes: Int
    /// The deepest nesting of CBOR arrays, maps and tags.
    public var maxCBORDepth: Int
    /// The most CBOR data items decoded from one CBOR document.
    public var maxCBORItems: Int
    /// The longest CBOR byte or text string (and the longest array/map count).
    public var maxCBORStringBytes: Int
    /// The most manifests in one store.
    public var maxManifests: Int
    /// The most certificates in an `x5chain`.
    public var maxChainCertificates: Int

    /// Makes limits.
    public init(
        maxManifestStoreBytes: Int = 64 << 20,
        maxBoxDepth: Int = 16,
        maxBoxes: Int = 10_000,
        maxCBORDepth: Int = 64,
        maxCBORItems: Int = 1_000_000,
        maxCBORStringBytes: Int = 32 << 20,
        maxManifests: Int = 1_000,
        maxChainCertificates: Int = 16
    ) {
        self.maxManifestStoreBytes = maxManifestStoreBytes
        self.maxBoxDepth = maxBoxDepth
        self.maxBoxes = maxBoxes
        self.maxCBORDepth = maxCBORDepth
        self.maxCBORItems = maxCBORItems
        self.maxCBORStringBytes = maxCBORStringBytes
        self.maxManifests = maxManifests
        self.maxChainCertificates = maxChainCertificates
    }

    /// Limits suited to real-world images and their manifests.
    public static let `default` = C2PALimits()
}
