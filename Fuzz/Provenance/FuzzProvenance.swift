// libFuzzer entry points for the Provenance parsers. Compiled together with the Provenance
// sources (except the two files that join ContentCredentials) by run.sh; one binary per
// target, chosen with -D: FUZZ_CONTAINERS (PNG/JPEG/WebP/GIF/ISOBMFF walkers and everything
// downstream), FUZZ_EXIF, FUZZ_XMP, FUZZ_GENERATORS (A1111 text, JSON, ComfyUI graphs).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzProvenance(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = start.map { Array(UnsafeRawBufferPointer(start: $0, count: count)) } ?? []
    let limits = ProvenanceLimits()
    #if FUZZ_CONTAINERS
    let blocks: MetadataBlocks
    switch ContainerFormat.sniff(bytes) {
    case .png: blocks = PNGMetadataReader.read(bytes, limits: limits)
    case .jpeg: blocks = JPEGMetadataReader.read(bytes, limits: limits)
    case .webp: blocks = WebPMetadataReader.read(bytes, limits: limits)
    case .gif: blocks = GIFMetadataReader.read(bytes, limits: limits)
    case .isobmff: blocks = ISOBMFFMetadataReader.read(bytes, limits: limits)
    case .unknown: return 0
    }
    var exif: EXIFFields?
    for (tiff, _) in blocks.exif { exif = (try? EXIFReader.read(tiff, limits: limits))?.0 ?? exif }
    for (packet, _) in blocks.xmp { _ = try? XMPReader.read(packet, limits: limits) }
    var problems: [ProvenanceError] = []
    _ = GeneratorMetadataReader.read(texts: blocks.texts, exif: exif, limits: limits, problems: &problems)
    #elseif FUZZ_EXIF
    _ = try? EXIFReader.read(bytes, limits: limits)
    #elseif FUZZ_XMP
    _ = try? XMPReader.read(String(decoding: bytes, as: UTF8.self), limits: limits)
    #elseif FUZZ_GENERATORS
    // First byte picks the key the text is stored under; the rest is the text.
    let keys = ["parameters", "prompt", "workflow", "invokeai_metadata", "sd-metadata", "Dream", "Comment"]
    guard let selector = bytes.first else { return 0 }
    let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
    var texts = [MetadataBlocks.TextEntry(key: keys[Int(selector) % keys.count], value: text, source: "fuzz")]
    if Int(selector) % keys.count == 6 { texts.append(.init(key: "Software", value: "NovelAI", source: "fuzz")) }
    var problems: [ProvenanceError] = []
    var comment = EXIFFields()
    comment.userComment = text
    _ = GeneratorMetadataReader.read(texts: texts, exif: comment, limits: limits, problems: &problems)
    #endif
    return 0
}
