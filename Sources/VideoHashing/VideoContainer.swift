/// Video container formats recognised by their first bytes, so callers can tell a video from
/// an image before decoding.
///
/// ISO base media files (MP4, MOV, 3GP) are videos unless their brand names an image format
/// (HEIF, AVIF), which the image decoders handle.
public enum VideoContainer: String, Sendable, CaseIterable {
    case isoBaseMedia = "mp4"
    case quickTime = "mov"
    case matroska = "matroska"
    case avi = "avi"
    case flv = "flv"
    case mpegTransportStream = "mpegts"
    case mpegProgramStream = "mpeg"
    case ogg = "ogg"
    case asf = "asf"

    /// Brands of ISO base media files that hold images, not video.
    static let imageBrands: Set<String> = ["heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1", "avif", "avis", "mif2", "jpeg", "jxl "]

    /// The container `bytes` start with, or nil when they do not look like a video.
    public static func sniff(_ bytes: UnsafeRawBufferPointer) -> VideoContainer? {
        func matches(_ offset: Int, _ signature: [UInt8]) -> Bool {
            guard offset >= 0, bytes.count >= offset + signature.count else { return false }
            for (index, byte) in signature.enumerated() where bytes[offset + index] != byte { return false }
            return true
        }
        func ascii(_ text: String) -> [UInt8] { Array(text.utf8) }
        if matches(4, ascii("ftyp")) {
            guard bytes.count >= 12 else { return nil }
            let brand = String(decoding: (8..<12).map { bytes[$0] }, as: UTF8.self)
            if imageBrands.contains(brand) { return nil }
            return brand == "qt  " ? .quickTime : .isoBaseMedia
        }
        for atom in ["moov", "mdat", "wide", "free", "skip"] where matches(4, ascii(atom)) { return .quickTime }
        if matches(0, [0x1A, 0x45, 0xDF, 0xA3]) { return .matroska }
        if matches(0, ascii("RIFF")) && matches(8, ascii("AVI ")) { return .avi }
        if matches(0, ascii("FLV")) && matches(3, [0x01]) { return .flv }
        if matches(0, [0x47]) && matches(188, [0x47]) && matches(376, [0x47]) { return .mpegTransportStream }
        if matches(4, [0x47]) && matches(196, [0x47]) && matches(388, [0x47]) { return .mpegTransportStream }
        if matches(0, [0x00, 0x00, 0x01, 0xBA]) || matches(0, [0x00, 0x00, 0x01, 0xB3]) { return .mpegProgramStream }
        if matches(0, ascii("OggS")) { return .ogg }
        if matches(0, [0x30, 0x26, 0xB2, 0x75, 0x8E, 0x66, 0xCF, 0x11]) { return .asf }
        return nil
    }

    /// The container `bytes` start with, or nil.
    public static func sniff(_ bytes: [UInt8]) -> VideoContainer? {
        bytes.withUnsafeBytes { sniff($0) }
    }
}
