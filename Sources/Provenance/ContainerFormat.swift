/// The file formats whose metadata Bulwark reads, recognised by their magic bytes.
public enum ContainerFormat: String, Sendable, Hashable, Codable, CaseIterable {
    case png, jpeg, webp, isobmff, gif, unknown

    /// The format of `bytes`, judged from the first bytes only.
    public static func sniff(_ bytes: [UInt8]) -> ContainerFormat {
        if bytes.matches([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], at: 0) { return .png }
        if bytes.matches([0xFF, 0xD8, 0xFF], at: 0) { return .jpeg }
        if bytes.matches(Array("RIFF".utf8), at: 0), bytes.matches(Array("WEBP".utf8), at: 8) { return .webp }
        if bytes.matches(Array("GIF87a".utf8), at: 0) || bytes.matches(Array("GIF89a".utf8), at: 0) { return .gif }
        if bytes.matches(Array("ftyp".utf8), at: 4) { return .isobmff }
        return .unknown
    }
}
