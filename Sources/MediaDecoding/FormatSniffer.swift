/// Recognises an image format from magic bytes, with bounds checks on every read.
struct FormatSniffer {
    private let bytes: UnsafeRawBufferPointer

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    var format: ImageFormat? {
        if starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts(with: Array("GIF87a".utf8)) || starts(with: Array("GIF89a".utf8)) { return .gif }
        if starts(with: Array("RIFF".utf8)), matches(Array("WEBP".utf8), at: 8) { return .webp }
        if starts(with: [0x49, 0x49, 0x2A, 0x00]) || starts(with: [0x4D, 0x4D, 0x00, 0x2A])
            || starts(with: [0x49, 0x49, 0x2B, 0x00]) || starts(with: [0x4D, 0x4D, 0x00, 0x2B]) {
            return .tiff
        }
        if isBMP { return .bmp }
        return isobmffImageFormat
    }

    private func starts(with signature: [UInt8]) -> Bool {
        matches(signature, at: 0)
    }

    private func matches(_ signature: [UInt8], at offset: Int) -> Bool {
        guard offset >= 0, bytes.count - offset >= signature.count else { return false }
        for (index, byte) in signature.enumerated() where bytes[offset + index] != byte {
            return false
        }
        return true
    }

    private func uint32LE(at offset: Int) -> UInt32? {
        guard offset >= 0, bytes.count - offset >= 4 else { return nil }
        return (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * UInt32($1)) }
    }

    private func uint32BE(at offset: Int) -> UInt32? {
        guard offset >= 0, bytes.count - offset >= 4 else { return nil }
        return (0..<4).reduce(UInt32(0)) { $0 << 8 | UInt32(bytes[offset + $1]) }
    }

    /// "BM" followed, at offset 14, by one of the known DIB header sizes.
    private var isBMP: Bool {
        guard starts(with: [0x42, 0x4D]), let headerSize = uint32LE(at: 14) else { return false }
        return [12, 40, 52, 56, 64, 108, 124].contains(headerSize)
    }

    /// HEIF and AVIF: an ISO base media `ftyp` box whose brands name an image format.
    private var isobmffImageFormat: ImageFormat? {
        guard matches(Array("ftyp".utf8), at: 4), let boxSize = uint32BE(at: 0), boxSize >= 16 else { return nil }
        let end = min(Int(boxSize), bytes.count, 4096)
        var brands: [String] = []
        for offset in stride(from: 8, to: end - 3, by: 4) where offset != 12 { // 12: minor version
            brands.append(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + 4]), as: UTF8.self))
        }
        guard let major = brands.first else { return nil }
        let avifBrands: Set = ["avif", "avis"]
        let heifBrands: Set = ["heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1"]
        if avifBrands.contains(major) { return .avif }
        if heifBrands.contains(major) && major != "mif1" && major != "msf1" { return .heif }
        if brands.contains(where: avifBrands.contains) { return .avif }
        if brands.contains(where: heifBrands.contains) { return .heif }
        return nil
    }
}
