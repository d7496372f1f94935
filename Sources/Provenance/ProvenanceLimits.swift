/// Size, count and depth limits applied while reading untrusted files.
public struct ProvenanceLimits: Sendable, Hashable {
    /// Most bytes one compressed text (zTXt, iTXt) may inflate to.
    public var maxInflatedBytes: Int = 8 << 20
    /// Most bytes of one text entry, XMP packet or EXIF block that is kept.
    public var maxBlockBytes: Int = 16 << 20
    /// Most bytes of a reassembled extended XMP packet or C2PA manifest store.
    public var maxReassembledBytes: Int = 64 << 20
    /// Deepest XML element nesting accepted in XMP.
    public var maxXMLDepth: Int = 64
    /// Deepest JSON nesting accepted in generator metadata.
    public var maxJSONDepth: Int = 64
    /// Most IFDs followed in one EXIF block.
    public var maxIFDs: Int = 16
    /// Most entries read from one IFD.
    public var maxIFDEntries: Int = 1024
    /// Most metadata blocks (text chunks, segments, items) collected from one file.
    public var maxBlocks: Int = 4096
    /// Deepest ISOBMFF box nesting followed.
    public var maxBoxDepth: Int = 16
    /// Most graph nodes visited when following a ComfyUI graph.
    public var maxGraphSteps: Int = 10_000

    /// The default limits.
    public init() {}
}
