/// The raw metadata a container reader found in one file, before any field is interpreted.
public struct MetadataBlocks: Sendable {
    /// One text entry: a PNG text chunk, a JPEG or GIF comment.
    public struct TextEntry: Sendable, Hashable {
        /// The keyword (PNG) or a fixed name such as `Comment`.
        public var key: String
        /// The decoded text.
        public var value: String
        /// Where it came from, e.g. `PNG iTXt`.
        public var source: String
    }

    /// The container format.
    public var format: ContainerFormat
    /// Text entries in file order.
    public var texts: [TextEntry] = []
    /// EXIF blocks as TIFF bytes (starting with `II` or `MM`), with where each came from.
    public var exif: [(bytes: [UInt8], source: String)] = []
    /// XMP packets as text, with where each came from (extended XMP already reassembled).
    public var xmp: [(text: String, source: String)] = []
    /// The C2PA manifest store (a JUMBF superbox), when the container embeds one.
    public var c2paManifestStore: [UInt8]?
    /// Where the manifest store was found.
    public var c2paSource: String?
    /// Problems met while walking the container.
    public var problems: [ProvenanceError] = []

    /// Creates an empty collection for `format`.
    public init(format: ContainerFormat) { self.format = format }

    /// Whether the container walk stopped early or skipped damaged parts.
    public var isPartial: Bool { !problems.isEmpty }

    mutating func problem(_ kind: ProvenanceError.Kind, _ context: String, at offset: Int?, _ reason: String) {
        if problems.count < 256 { problems.append(ProvenanceError(kind, context, at: offset, reason)) }
    }

    var blockCount: Int { texts.count + exif.count + xmp.count }
}
